import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";

// Public on purpose: the document describes the API, and holds no data.
export function GET() {
  return Response.json(openApiDocument(env.appOrigin), { headers: { "cache-control": "public, max-age=300" } });
}

import { openApiDocument } from "@/lib/api/openapi";

// Public on purpose: the document describes the API, and holds no data.
export function GET(request: Request) {
  const origin = process.env.AUTH_URL ?? new URL(request.url).origin;
  return Response.json(openApiDocument(origin), { headers: { "cache-control": "public, max-age=300" } });
}

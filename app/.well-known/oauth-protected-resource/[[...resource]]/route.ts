import { RESOURCE_PATHS, resourceMetadata, type ResourceName } from "@/lib/auth/oauth-server/resources";
import { errorResponse, jsonResponse } from "@/lib/http/responses";

// Protected-resource metadata (RFC 9728) for each resource Gatehouse serves, at the well-known URL
// §3.1 forms from its identifier: /.well-known/oauth-protected-resource/mcp for <AUTH_URL>/mcp and
// …/api/v1 for the REST API. Every 401 from either names its document (resource_metadata). The bare
// form, where clients that know only the host look, describes the MCP server: that is the client
// that arrives knowing nothing else.

const BY_PATH = new Map(
  (Object.entries(RESOURCE_PATHS) as Array<[ResourceName, string]>).map(([name, path]) => [path, name]),
);

export async function GET(
  _request: Request,
  { params }: RouteContext<"/.well-known/oauth-protected-resource/[[...resource]]">,
) {
  const { resource = [] } = await params;
  const name = resource.length === 0 ? "mcp" : BY_PATH.get(`/${resource.join("/")}`);
  if (!name) return errorResponse("not_found", "Gatehouse has no protected resource at that path.");
  // Public and the same for everyone: clients may cache it for an hour.
  return jsonResponse(200, resourceMetadata(name), {
    "cache-control": "public, max-age=3600",
    "access-control-allow-origin": "*",
  });
}

export const dynamic = "force-dynamic";

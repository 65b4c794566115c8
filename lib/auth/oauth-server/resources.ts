import { SCOPE_NAMES } from "@/lib/auth/policy";
import { env } from "@/lib/env";
import { DPOP_ALGORITHMS } from "@/lib/auth/oauth-server/dpop";

// The protected resources an app's access token can be for (RFC 8707 resource indicators). Each
// token has exactly one audience and works only there: a token for the REST API is refused by the
// MCP server and the other way round, so a token given to one kind of client cannot be replayed at
// the other. What each resource advertises (RFC 9728 protected-resource metadata) is built here too,
// from the same names, so the documents and the checks cannot drift apart.

const base = (): string => env.AUTH_URL.replace(/\/$/, "");

/** Where the OAuth provider is mounted (app/api/oauth/[...path]/route.ts); the issuer is AUTH_URL + this. */
export const OAUTH_MOUNT_PATH = "/api/oauth";
export const issuer = (): string => `${base()}${OAUTH_MOUNT_PATH}`;

/** Each resource by its path under AUTH_URL. */
export const RESOURCE_PATHS = { api: "/api/v1", mcp: "/mcp" } as const;
export type ResourceName = keyof typeof RESOURCE_PATHS;

/** A resource's identifier: what an app sends as `resource` and what its tokens carry as `aud`. */
export const resourceUrl = (name: ResourceName): string => `${base()}${RESOURCE_PATHS[name]}`;

/** The REST API: the resource of a request that names none (apps registered before resources existed). */
export const API_RESOURCE = (): string => resourceUrl("api");
export const MCP_RESOURCE = (): string => resourceUrl("mcp");

/** The resource an identifier names, or null for anything Gatehouse does not serve. */
export function resourceNamed(identifier: string): ResourceName | null {
  const names = Object.keys(RESOURCE_PATHS) as ResourceName[];
  return names.find((name) => resourceUrl(name) === identifier) ?? null;
}

/** RFC 9728 §3.1: the well-known segment goes between the host and the resource's path. */
export const resourceMetadataUrl = (name: ResourceName): string =>
  `${base()}/.well-known/oauth-protected-resource${RESOURCE_PATHS[name]}`;

const DOCS = { api: "/docs/api", mcp: "/docs/agents" } as const;
const NAMES = { api: "Gatehouse REST API", mcp: "Gatehouse MCP server" } as const;

/** RFC 9728 §2: what a client needs to get a token for this resource and send it. */
export function resourceMetadata(name: ResourceName) {
  return {
    resource: resourceUrl(name),
    authorization_servers: [issuer()],
    scopes_supported: [...SCOPE_NAMES],
    bearer_methods_supported: ["header"],
    resource_name: NAMES[name],
    resource_documentation: `${base()}${DOCS[name]}`,
    // An app that asks for DPoP-bound tokens proves with its key on every call (RFC 9449).
    dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
  };
}

// The OAuth 2.0 / OpenID Connect endpoints: lib/auth/oauth-server/endpoints.ts.
export { GET, POST, OPTIONS } from "@/lib/auth/oauth-server/endpoints";
export const dynamic = "force-dynamic";

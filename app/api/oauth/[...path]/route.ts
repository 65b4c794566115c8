import type { NextRequest } from "next/server";
import { BodyTooLarge, readBodyCapped } from "@/lib/http/body";
import { errorResponse, internalErrorResponse } from "@/lib/http/responses";
import { callNodeHandler } from "@/lib/auth/oauth-server/bridge";
import { OAUTH_MOUNT_PATH, PROVIDER_PAGES_CSP, oauthProvider } from "@/lib/auth/oauth-server/provider";

// The OAuth 2.0 / OpenID Connect endpoints (discovery, authorization, token, userinfo, JWKS,
// revocation, introspection, end session), answered by oidc-provider (lib/auth/oauth-server/provider.ts).

// A token or revocation request is a form of a few hundred bytes.
const BODY_LIMIT_BYTES = 64 * 1024;

async function handle(request: NextRequest): Promise<Response> {
  const response = await answer(request);
  // The provider sets its own policy on what it renders; Gatehouse's answers here get the same.
  if (!response.headers.has("content-security-policy"))
    response.headers.set("content-security-policy", PROVIDER_PAGES_CSP);
  return response;
}

async function answer(request: NextRequest): Promise<Response> {
  try {
    const body =
      request.method === "GET" || request.method === "HEAD"
        ? new Uint8Array()
        : await readBodyCapped(request, BODY_LIMIT_BYTES);
    const provider = await oauthProvider();
    return await callNodeHandler(provider.callback() as never, request, body, OAUTH_MOUNT_PATH);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      return errorResponse(413, "payload_too_large", "The request body is larger than 64 KB.");
    return internalErrorResponse("oauth", request, error);
  }
}

export const GET = handle;
export const POST = handle;
export const OPTIONS = handle;
export const dynamic = "force-dynamic";

import { callNodeHandler } from "@/lib/auth/oauth-server/bridge";
import { oauthProvider } from "@/lib/auth/oauth-server/provider";
import { OAUTH_MOUNT_PATH } from "@/lib/auth/oauth-server/resources";
import { internalErrorResponse } from "@/lib/http/responses";

// Authorization-server metadata (RFC 8414) where §3.1 says a client looks for an issuer with a path:
// the well-known segment goes between the host and the issuer's path. The provider answers it under
// its mount too; this asks it there, so both documents are the same document.

export async function GET(request: Request): Promise<Response> {
  try {
    const url = new URL(`${OAUTH_MOUNT_PATH}/.well-known/oauth-authorization-server`, request.url);
    const provider = await oauthProvider();
    return await callNodeHandler(
      provider.callback() as never,
      new Request(url, { headers: request.headers }),
      new Uint8Array(),
      OAUTH_MOUNT_PATH,
    );
  } catch (error) {
    return internalErrorResponse("oauth", request, error);
  }
}

export const dynamic = "force-dynamic";

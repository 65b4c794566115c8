import { headers } from "next/headers";
import { clientAddress } from "@/lib/http/client-address";

export type RequestContext = { ip: string | null; userAgent: string | null };

export function contextOf(source: Headers): RequestContext {
  return { ip: clientAddress(source), userAgent: source.get("user-agent")?.slice(0, 512) ?? null };
}

/** Who is on the other end of the current request, for the audit log. */
export async function requestContext(): Promise<RequestContext> {
  try {
    return contextOf(await headers());
  } catch {
    // Outside a request (scripts, tests): nothing to record.
    return { ip: null, userAgent: null };
  }
}

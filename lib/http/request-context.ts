import { headers } from "next/headers";

export type RequestContext = { ip: string | null; userAgent: string | null };

/**
 * The client's address: the first X-Forwarded-For hop, else X-Real-IP. Trustworthy right behind a
 * proxy you run, which sets these; spoofable without one (see README: Security model).
 */
export function clientAddress(source: Headers): string | null {
  const forwarded = source.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || source.get("x-real-ip") || null)?.slice(0, 64) ?? null;
}

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

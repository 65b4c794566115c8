import { headers } from "next/headers";

export type RequestContext = { ip: string | null; userAgent: string | null };

/**
 * Who is on the other end of the current request, for the audit log. The address is the first
 * X-Forwarded-For hop: right behind a proxy you run, which sets it; spoofable without one.
 */
export async function requestContext(): Promise<RequestContext> {
  try {
    const incoming = await headers();
    const forwarded = incoming.get("x-forwarded-for")?.split(",")[0]?.trim();
    const ip = forwarded || incoming.get("x-real-ip") || null;
    const userAgent = incoming.get("user-agent");
    return { ip: ip?.slice(0, 64) ?? null, userAgent: userAgent?.slice(0, 512) ?? null };
  } catch {
    // Outside a request (scripts, tests): nothing to record.
    return { ip: null, userAgent: null };
  }
}

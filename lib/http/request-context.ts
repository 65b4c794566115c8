import { headers } from "next/headers";
import { env } from "@/lib/env";

export type RequestContext = { ip: string | null; userAgent: string | null };

/**
 * The client's address as the proxies in front of Gatehouse saw it: the entry `trustedHops` from the
 * right of X-Forwarded-For, else X-Real-IP. A proxy that appends (the usual setting) leaves whatever
 * the client sent on the left, so reading the first entry would let anyone pick their own address
 * and walk around sign-in throttling. With no proxy at all the header is the client's to write
 * (see README: Security model).
 */
export function clientAddress(source: Headers, trustedHops: number = env.TRUSTED_PROXY_HOPS): string | null {
  const hops = (source.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const forwarded = hops.length > 0 ? hops[Math.max(0, hops.length - trustedHops)] : undefined;
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

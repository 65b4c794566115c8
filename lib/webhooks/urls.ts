import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";
import { isPublicAddress } from "@/lib/http/outbound";

/**
 * Why events may not be posted to `value`, or null. https only (events carry people's ids and
 * addresses); never Gatehouse itself, this machine or a private network. http, and such an address,
 * only for a host on OUTBOUND_ALLOW_HOSTS, which is for a Gatehouse on one machine in development
 * and tests. A name is resolved and checked again at every delivery (lib/http/outbound.ts): here
 * only what the URL shows is judged.
 */
export function webhookUrlProblem(value: string, allowHosts: readonly string[] = env.OUTBOUND_ALLOW_HOSTS) {
  const url = URL.parse(value);
  if (!url || !["https:", "http:"].includes(url.protocol))
    return "Give an https URL, such as https://example.com/hooks.";
  if (url.username || url.password) return "The URL may not carry a user name or password.";
  const exempt = allowHosts.includes(url.hostname.toLowerCase());
  if (url.protocol === "http:" && !exempt)
    return "Give an https URL: events carry people's ids and addresses, and must not cross the network in the clear.";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (exempt) return null;
  if (host === new URL(env.AUTH_URL).hostname.toLowerCase())
    return "That is Gatehouse itself: give the address of the system that receives the events.";
  if (host === "localhost" || host.endsWith(".localhost") || (ipaddr.isValid(host) && !isPublicAddress(host)))
    return "That address is on this machine or a private network: Gatehouse posts events only to the internet.";
  return null;
}

/**
 * An endpoint's URL as the audit log and the stream keep it: without its query and fragment, which
 * often carry a receiver's own token (https://hooks.example.com/in?token=…).
 */
export function auditedUrl(value: string): string {
  const url = URL.parse(value);
  return url ? `${url.origin}${url.pathname}` : value.slice(0, 200);
}

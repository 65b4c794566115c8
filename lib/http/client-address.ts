import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";

/**
 * The client's address as the proxies in front of Gatehouse saw it: the entry `trustedHops` from the
 * right of X-Forwarded-For, else X-Real-IP. A proxy that appends (the usual setting) leaves whatever
 * the client sent on the left, so reading the first entry would let anyone pick their own address
 * and walk around sign-in throttling. With no proxy at all the header is the client's to write
 * (see docs/security.md). Anything that is not an IP address counts as no address: the value ends
 * up in throttle keys, the audit log and its CSV export, so free text must not get in.
 */
export function clientAddress(source: Headers, trustedHops: number = env.TRUSTED_PROXY_HOPS): string | null {
  const hops = (source.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const forwarded = hops.length > 0 ? hops[Math.max(0, hops.length - trustedHops)] : undefined;
  return normalisedAddress(forwarded) ?? (forwarded ? null : normalisedAddress(source.get("x-real-ip")));
}

/** A canonical IP address (IPv4-mapped IPv6 as IPv4), or null for anything else. */
export function normalisedAddress(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 64) return null;
  // "[2001:db8::1]:443" from some proxies; a zone ("%eth0") names a local interface, not a client.
  const value = raw.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/%.*$/, "");
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value).toString();
  if (!ipaddr.IPv6.isValid(value)) return null;
  const address = ipaddr.IPv6.parse(value);
  return address.isIPv4MappedAddress() ? address.toIPv4Address().toString() : address.toRFC5952String();
}

/**
 * The network a throttle or an audit rule counts by: an IPv4 address itself, or the /64 an IPv6
 * address is in. One IPv6 subscriber usually holds a whole /64 (2^64 addresses), so counting single
 * addresses would let them rotate freely.
 */
export function addressBucket(address: string | null): string {
  if (!address) return "unknown";
  if (!ipaddr.IPv6.isValid(address) || ipaddr.IPv4.isValidFourPartDecimal(address)) return address;
  const prefix = ipaddr.IPv6.parse(address).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...prefix, 0, 0, 0, 0]).toRFC5952String()}/64`;
}

/** The network an address belongs to for "used from a new network": /24 for IPv4, /64 for IPv6. */
export function addressNetwork(address: string | null): string | null {
  if (!address) return null;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  return ipaddr.IPv6.isValid(address) ? addressBucket(address) : null;
}

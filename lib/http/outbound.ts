import "server-only";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";

// Every request Gatehouse itself makes to an address someone else gave it (a client's metadata
// document, a webhook's endpoint) goes through here, so that address cannot turn Gatehouse against
// the network it runs in (server-side request forgery). The rules, in order:
// - https only (http only for a host on OUTBOUND_ALLOW_HOSTS);
// - the name is resolved here, and refused if any address it resolves to is private, loopback,
//   link-local, unique-local, multicast or otherwise not on the public internet;
// - the connection goes to the very address that was checked (no second lookup a DNS server could
//   answer differently: DNS rebinding), with the name kept for TLS and the Host header;
// - no redirects are followed (a redirect is refused: it could point anywhere);
// - the whole exchange is capped in time, and the body in size, while it streams.
// OUTBOUND_ALLOW_HOSTS names hosts exempt from the address rule, for tests and development on one
// machine only (lib/env.ts refuses it unless AUTH_URL is a loopback URL).

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Name → addresses. Injectable, so "a name that resolves to a private address" is tested without DNS. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type OutboundRefusal =
  "invalid-url" | "scheme" | "unresolvable" | "private-address" | "redirect" | "timeout" | "too-large" | "network";

export class OutboundRefused extends Error {
  constructor(
    readonly reason: OutboundRefusal,
    message: string,
  ) {
    super(message);
    this.name = "OutboundRefused";
  }
}

export type OutboundOptions = {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange, connecting included. */
  timeoutMs?: number;
  maxBytes?: number;
  /**
   * Past maxBytes, keep the start and hang up, instead of refusing: for answers only logged (a
   * webhook receiver's), where the status says everything and a huge body must not hold a worker.
   */
  truncate?: boolean;
  resolver?: Resolver;
  /** Hosts exempt from the address rule (defaults to OUTBOUND_ALLOW_HOSTS). */
  allowHosts?: readonly string[];
};

export type OutboundResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

/** Whether an address is on the public internet ("unicast" in ipaddr.js's ranges, IPv4-mapped unwrapped). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  // IPv4-compatible addresses (::a.b.c.d, deprecated) count as unicast in ipaddr.js: never public.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return false;
  return parsed.range() === "unicast";
}

function refuse(reason: OutboundRefusal, message: string): never {
  throw new OutboundRefused(reason, message);
}

/** The address to connect to: the first one the name resolves to, after every one was checked. */
async function checkedAddress(url: URL, resolver: Resolver, exempt: boolean): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: (ipaddr.parse(host).kind() === "ipv6" ? 6 : 4) as 4 | 6 }]
    : await resolver(host).catch(() => refuse("unresolvable", `${host} could not be resolved.`));
  if (addresses.length === 0) refuse("unresolvable", `${host} could not be resolved.`);
  if (!exempt && !addresses.every((entry) => isPublicAddress(entry.address)))
    refuse("private-address", `${host} resolves to an address that is not on the public internet.`);
  return addresses[0];
}

/**
 * Fetches `target` under the rules above. Throws OutboundRefused with the reason; any status, 4xx
 * and 5xx included, is returned for the caller to judge, except redirects, which are refused.
 */
export async function fetchOutbound(target: string, options: OutboundOptions = {}): Promise<OutboundResponse> {
  const url = URL.parse(target) ?? refuse("invalid-url", "That is not a complete URL.");
  if (url.username || url.password) refuse("invalid-url", "The URL may not carry a user name or password.");
  const allowHosts = options.allowHosts ?? env.OUTBOUND_ALLOW_HOSTS;
  const exempt = allowHosts.includes(url.hostname.toLowerCase());
  if (url.protocol !== "https:" && !(url.protocol === "http:" && exempt))
    refuse("scheme", "Only https URLs are fetched.");
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  const deadline = AbortSignal.timeout(timeoutMs);
  const address = await Promise.race([
    checkedAddress(url, options.resolver ?? systemResolver, exempt),
    new Promise<never>((_, reject) =>
      deadline.addEventListener("abort", () =>
        reject(new OutboundRefused("timeout", `No answer within ${timeoutMs} ms.`)),
      ),
    ),
  ]);
  // The connection's own lookup answers with the checked address, whatever the name resolves to now.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: options.method ?? "GET",
        headers: { "user-agent": "Gatehouse", ...options.headers },
        lookup: pinned,
        signal: deadline,
        // No connection reuse: each request is checked and pinned on its own.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.destroy();
          return reject(
            new OutboundRefused("redirect", `It answered ${status}, a redirect; redirects are not followed.`),
          );
        }
        const declared = Number(response.headers["content-length"] ?? "0");
        if (declared > maxBytes && !options.truncate) {
          response.destroy();
          return reject(new OutboundRefused("too-large", `The answer is larger than ${maxBytes} bytes.`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes && options.truncate) {
            chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
            response.destroy();
            resolve({ status, headers: response.headers, body: Buffer.concat(chunks) });
          } else if (size > maxBytes) {
            response.destroy();
            reject(new OutboundRefused("too-large", `The answer is larger than ${maxBytes} bytes.`));
          } else chunks.push(chunk);
        });
        response.on("end", () => resolve({ status, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on("error", () => reject(new OutboundRefused("network", "The connection failed.")));
      },
    );
    request.on("error", (error) =>
      reject(
        deadline.aborted
          ? new OutboundRefused("timeout", `No answer within ${timeoutMs} ms.`)
          : new OutboundRefused(
              "network",
              `The connection failed (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
            ),
      ),
    );
    request.end(options.body);
  });
}

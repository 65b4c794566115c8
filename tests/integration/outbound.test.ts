import http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchOutbound, isPublicAddress, OutboundRefused, type Resolver } from "@/lib/http/outbound";

// The one door out (lib/http/outbound.ts), attacked the ways a metadata document's or a webhook's
// URL would: private addresses by literal and by name, redirects, bodies too large or never ending,
// servers that never answer. The address rule runs with no exemption; a loopback server stands in
// for "the internet" only where a test names it on the allow-list, as OUTBOUND_ALLOW_HOSTS would.

let server: http.Server;
let origin: string;
let port: number;
const seen: Array<{ path: string; host: string | undefined }> = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seen.push({ path: request.url ?? "", host: request.headers.host });
    switch (request.url) {
      case "/ok":
        return response.end(JSON.stringify({ client_id: "x" }));
      case "/redirect":
        response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
        return response.end();
      case "/declared-huge":
        response.writeHead(200, { "content-length": String(10 * 1024 * 1024) });
        return response.write("x");
      case "/endless": {
        response.writeHead(200);
        const timer = setInterval(() => response.write("x".repeat(16 * 1024)), 1);
        response.on("close", () => clearInterval(timer));
        return;
      }
      case "/silent":
        return; // never answers
      default:
        response.writeHead(404);
        return response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundRefused);
  return (error as OutboundRefused).reason;
}

const allowLoopback = { allowHosts: ["127.0.0.1"] };

describe("which addresses are on the public internet", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::127.0.0.1",
    "::7f00:1",
  ])("%s is not", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.215.14", "8.8.8.8", "2606:4700::1111"])("%s is", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("no address in 10/8, 127/8, 192.168/16 or 169.254/16 is, whichever is drawn", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.constantFrom("10", "127", "192.168", "169.254"), octet, octet, octet, (prefix, a, b, c) => {
        const address = [...prefix.split("."), a, b, c].slice(0, 4).join(".");
        return !isPublicAddress(address);
      }),
    );
  });
});

describe("fetching from an address someone else gave", () => {
  it("refuses private and loopback addresses, literal or behind a name, before connecting", async () => {
    const before = seen.length;
    for (const url of [
      `https://127.0.0.1:${port}/ok`,
      `https://[::1]:${port}/ok`,
      "https://169.254.169.254/latest/meta-data/",
      "https://[::ffff:127.0.0.1]/ok",
    ])
      expect(await refusal(fetchOutbound(url)), url).toBe("private-address");
    // A public-looking name whose DNS answer is private (or mixes one in) is refused too.
    const sneaky: Resolver = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
    expect(await refusal(fetchOutbound("https://metadata.example/doc", { resolver: sneaky }))).toBe("private-address");
    expect(seen.length).toBe(before);
  });

  it("refuses http, credentials in the URL and names that do not resolve", async () => {
    expect(await refusal(fetchOutbound("http://example.com/doc"))).toBe("scheme");
    expect(await refusal(fetchOutbound("https://user:pass@example.com/doc"))).toBe("invalid-url");
    expect(await refusal(fetchOutbound("not a url"))).toBe("invalid-url");
    const nowhere: Resolver = async () => {
      throw new Error("ENOTFOUND");
    };
    expect(await refusal(fetchOutbound("https://nowhere.example/doc", { resolver: nowhere }))).toBe("unresolvable");
  });

  it("fetches from an allow-listed host, and connects to the address it checked with the name kept", async () => {
    const ok = await fetchOutbound(`${origin}/ok`, allowLoopback);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toEqual({ client_id: "x" });
    // The name resolves once, here; the connection goes to that address, the Host header keeps the name.
    const pinned: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    const named = await fetchOutbound(`http://cimd.test:${port}/ok`, { resolver: pinned, allowHosts: ["cimd.test"] });
    expect(named.status).toBe(200);
    expect(seen.at(-1)).toEqual({ path: "/ok", host: `cimd.test:${port}` });
  });

  it("follows no redirect, and caps the size and the time", async () => {
    expect(await refusal(fetchOutbound(`${origin}/redirect`, allowLoopback))).toBe("redirect");
    expect(await refusal(fetchOutbound(`${origin}/declared-huge`, allowLoopback))).toBe("too-large");
    expect(await refusal(fetchOutbound(`${origin}/endless`, { ...allowLoopback, maxBytes: 64 * 1024 }))).toBe(
      "too-large",
    );
    const started = Date.now();
    expect(await refusal(fetchOutbound(`${origin}/silent`, { ...allowLoopback, timeoutMs: 300 }))).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { clientAddress } from "@/lib/http/request-context";

const from = (headers: Record<string, string>, hops?: number) => clientAddress(new Headers(headers), hops);

describe("the client address used for throttling and the audit log", () => {
  it("is what the proxy appended, not what the client wrote to the left of it", () => {
    // nginx with $proxy_add_x_forwarded_for: "<client's own header>, <address nginx saw>".
    expect(from({ "x-forwarded-for": "198.51.100.1, 203.0.113.9" })).toBe("203.0.113.9");
    expect(from({ "x-forwarded-for": "1.1.1.1, 2.2.2.2, 3.3.3.3, 203.0.113.9" })).toBe("203.0.113.9");
  });

  it("counts the configured number of trusted proxies from the right", () => {
    // A CDN appends the client, then a load balancer appends the CDN's address.
    expect(from({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }, 2)).toBe("203.0.113.9");
    expect(from({ "x-forwarded-for": "203.0.113.9" }, 2)).toBe("203.0.113.9");
  });

  it("ignores empty entries, falls back to X-Real-IP, and caps the length", () => {
    expect(from({ "x-forwarded-for": "203.0.113.9, , " })).toBe("203.0.113.9");
    expect(from({ "x-forwarded-for": " , ", "x-real-ip": "203.0.113.7" })).toBe("203.0.113.7");
    expect(from({})).toBeNull();
    expect(from({ "x-forwarded-for": "a".repeat(500) })).toHaveLength(64);
  });

  it("takes its hop count from TRUSTED_PROXY_HOPS, 1 unless set, and refuses nonsense", () => {
    expect(parseEnv({}).TRUSTED_PROXY_HOPS).toBe(1);
    expect(parseEnv({ TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseEnv({ TRUSTED_PROXY_HOPS: "0" })).toThrow("TRUSTED_PROXY_HOPS must be at least 1");
    expect(() => parseEnv({ TRUSTED_PROXY_HOPS: "many" })).toThrow("TRUSTED_PROXY_HOPS");
  });
});

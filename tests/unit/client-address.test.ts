import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { addressBucket, addressNetwork, clientAddress, normalisedAddress } from "@/lib/http/client-address";

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

  it("ignores empty entries and falls back to X-Real-IP", () => {
    expect(from({ "x-forwarded-for": "203.0.113.9, , " })).toBe("203.0.113.9");
    expect(from({ "x-forwarded-for": " , ", "x-real-ip": "203.0.113.7" })).toBe("203.0.113.7");
    expect(from({})).toBeNull();
  });

  // The value reaches throttle keys, the audit log and its CSV export: only an IP address gets in.
  it.each(["a".repeat(500), "1.2.3.4;=1+2", '=HYPERLINK("x")', "1.2.3", "unknown", "999.1.1.1", "<script>"])(
    "is no address at all for %j",
    (value) => {
      expect(from({ "x-forwarded-for": value })).toBeNull();
      expect(from({ "x-forwarded-for": value, "x-real-ip": "203.0.113.7" })).toBeNull();
    },
  );

  it("writes addresses one way: IPv4-mapped IPv6 as IPv4, IPv6 compressed and lower-case, no port or zone", () => {
    expect(normalisedAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normalisedAddress("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normalisedAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalisedAddress("fe80::1%eth0")).toBe("fe80::1");
  });

  it("counts an IPv6 client by its /64 and an IPv4 client by its address", () => {
    expect(addressBucket("2001:db8:abcd:12:1:2:3:4")).toBe("2001:db8:abcd:12::/64");
    expect(addressBucket("2001:db8:abcd:12:ffff::9")).toBe(addressBucket("2001:db8:abcd:12::1"));
    expect(addressBucket("2001:db8:abcd:13::1")).not.toBe(addressBucket("2001:db8:abcd:12::1"));
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket(null)).toBe("unknown");
    expect(addressNetwork("203.0.113.9")).toBe("203.0.113.0/24");
  });

  it("takes its hop count from TRUSTED_PROXY_HOPS, 1 unless set, and refuses nonsense", () => {
    expect(parseEnv({}).TRUSTED_PROXY_HOPS).toBe(1);
    expect(parseEnv({ TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseEnv({ TRUSTED_PROXY_HOPS: "0" })).toThrow("TRUSTED_PROXY_HOPS must be at least 1");
    expect(() => parseEnv({ TRUSTED_PROXY_HOPS: "many" })).toThrow("TRUSTED_PROXY_HOPS");
  });
});

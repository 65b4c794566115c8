import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";
import { cspProblems } from "@/tests/support/csp";

describe("the pages' Content-Security-Policy keeps its floor", () => {
  const nonce = newNonce();
  it.each(["/", "/signin", "/dashboard", "/admin/users", "/settings/apps", "/oauth/interaction/x/consent"])(
    "%s, in production",
    (pathname) => {
      expect(cspProblems(contentSecurityPolicy(nonce, true, [], pathname))).toEqual([]);
    },
  );

  it("with sign-in providers, forms may reach them and nothing else", () => {
    const origins = ["https://github.com", "https://accounts.google.com"];
    expect(cspProblems(contentSecurityPolicy(nonce, true, origins), ["'self'", ...origins])).toEqual([]);
  });

  it("each nonce is fresh and 128 bits", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const value of nonces) expect(Buffer.from(value, "base64")).toHaveLength(16);
  });
});

// The checker itself: each weakening it exists to catch is caught.
describe("the floor refuses a weaker policy", () => {
  const strong = contentSecurityPolicy("n0nce-of-twenty-two-chars==", true);
  it.each([
    ["'unsafe-inline' scripts", strong.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")],
    ["'unsafe-eval'", strong.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")],
    ["a host in script-src", strong.replace("script-src 'self'", "script-src 'self' https://cdn.example")],
    ["scripts without a nonce or hash", strong.replace(/'nonce-[^']+' /, "")],
    ["plugins", strong.replace("object-src 'none'", "object-src 'self'")],
    ["a <base> elsewhere", strong.replace("base-uri 'none'", "base-uri 'self'")],
    ["framing", strong.replace("frame-ancestors 'none'", "frame-ancestors 'self'")],
    ["forms posting anywhere", strong.replace("form-action 'self'", "form-action 'self' https:")],
    ["no script-src at all", strong.replace(/script-src [^;]+; /, "")],
  ])("%s", (_, weaker) => {
    expect(weaker).not.toBe(strong);
    expect(cspProblems(weaker)).not.toEqual([]);
  });
});

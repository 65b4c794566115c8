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

// The checker itself: each weakening it exists to catch is caught, for the reason it names.
describe("the floor refuses a weaker policy", () => {
  const strong = contentSecurityPolicy(newNonce(), true);
  it("the policy these start from keeps the floor", () => {
    expect(cspProblems(strong)).toEqual([]);
  });

  it.each([
    [
      "'unsafe-inline' scripts",
      strong.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
      "'unsafe-inline'",
    ],
    ["'unsafe-eval'", strong.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"), "'unsafe-eval'"],
    [
      "a host in script-src",
      strong.replace("script-src 'self'", "script-src 'self' https://cdn.example"),
      "https://cdn.example",
    ],
    ["scripts without a nonce or hash", strong.replace(/'nonce-[^']+' /, ""), "neither a nonce nor a hash"],
    ["plugins", strong.replace("object-src 'none'", "object-src 'self'"), "object-src"],
    ["a <base> elsewhere", strong.replace("base-uri 'none'", "base-uri 'self'"), "base-uri"],
    ["framing", strong.replace("frame-ancestors 'none'", "frame-ancestors 'self'"), "frame-ancestors"],
    ["forms posting anywhere", strong.replace("form-action 'self'", "form-action 'self' https:"), "form-action"],
    ["no script-src at all", strong.replace(/script-src [^;]+; /, ""), "no script-src"],
    ["a weak script-src before the strong one", `script-src 'unsafe-inline'; ${strong}`, "appears twice"],
    [
      "inline <script> elements by script-src-elem",
      `${strong}; script-src-elem 'unsafe-inline'`,
      "script-src-elem allows",
    ],
    [
      "inline event handlers by script-src-attr",
      `${strong}; script-src-attr 'unsafe-inline'`,
      "script-src-attr allows",
    ],
  ])("%s", (_, weaker, named) => {
    expect(weaker).not.toBe(strong);
    expect(cspProblems(weaker).join("\n")).toContain(named);
  });
});

import { describe, expect, it } from "vitest";
import { safeAuthRedirect, safeCallbackPath, secondFactorSetupPathFor, signInPathFor } from "@/lib/auth/edge/redirects";

describe("safeCallbackPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/editor/articles/1?tab=x#top", "/editor/articles/1?tab=x#top"],
    ["/a/../admin", "/admin"],
  ])("keeps the same-origin path %s", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "http:evil.example",
    "evil.example",
    "",
    "/" + "a".repeat(3000),
    // Paths on the way in that normalise into protocol-relative URLs (//host) on the way out.
    "/.//evil.example/phish",
    "/%2e//evil.example/phish",
    "/%2E%2E//evil.example",
    "/a/..//evil.example",
    "/./%2e/.//evil.example",
    "/..//evil.example",
  ])("refuses %j and falls back to the dashboard", (input) => {
    expect(safeCallbackPath(input)).toBe("/dashboard");
  });

  it.each([undefined, null, 42, ["/admin"], { href: "/admin" }])("refuses a non-string %j", (input) => {
    expect(safeCallbackPath(input)).toBe("/dashboard");
  });

  // Any string built from the pieces that make URL parsers disagree: whatever comes out must resolve
  // on our origin, against any base, as a browser would resolve a Location header.
  it("never returns a path that resolves off-site, over 5,000 generated inputs", () => {
    const pieces = [
      "/",
      "//",
      "\\",
      ".",
      "..",
      "%2e",
      "%2E",
      "%2f",
      "%5c",
      "evil.example",
      ":",
      "@",
      "?",
      "#",
      "a",
      "%09",
      "https:",
    ];
    let seed = 20261124;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const input = Array.from(
        { length: 1 + Math.floor(random() * 6) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join("");
      const output = safeCallbackPath(input);
      for (const base of ["http://localhost:3000", "https://gatehouse.example.com/deep/page"]) {
        expect(new URL(output, base).origin, `${JSON.stringify(input)} → ${output}`).toBe(new URL(base).origin);
      }
    }
  });

  it("builds a sign-in link that carries the path, encoded", () => {
    expect(signInPathFor("/editor?x=1&y=2")).toBe("/signin?callbackUrl=%2Feditor%3Fx%3D1%26y%3D2");
    expect(signInPathFor("https://evil.example")).toBe("/signin?callbackUrl=%2Fdashboard");
  });
});

describe("safeAuthRedirect (Auth.js's redirect callback)", () => {
  const base = "http://localhost:3000";
  it.each([
    ["/dashboard", `${base}/dashboard`],
    [`${base}/editor?x=1`, `${base}/editor?x=1`],
    ["https://evil.example/phish", `${base}/dashboard`],
    [`${base}//evil.example/phish`, `${base}/dashboard`],
    ["/.//evil.example/phish", `${base}/dashboard`],
    ["http://localhost:3000.evil.example/", `${base}/dashboard`],
  ])("sends %s to %s", (input, expected) => {
    expect(safeAuthRedirect(input, base)).toBe(expected);
  });
});

describe("the way to the second-factor setup", () => {
  it("carries the page asked for, on this origin only", () => {
    expect(secondFactorSetupPathFor("/admin/users?role=admin")).toBe(
      "/settings/security?required=1&next=%2Fadmin%2Fusers%3Frole%3Dadmin",
    );
    for (const offSite of ["//evil.example", "/\\evil.example", "https://evil.example/x", "/.//evil.example"])
      expect(secondFactorSetupPathFor(offSite), offSite).toBe("/settings/security?required=1");
    expect(secondFactorSetupPathFor("/settings/security")).toBe("/settings/security?required=1");
    // A sign-in that began on the setup page keeps the page asked for before it.
    expect(secondFactorSetupPathFor("/settings/security?required=1&next=%2Fadmin")).toBe(
      "/settings/security?required=1&next=%2Fadmin",
    );
  });
});

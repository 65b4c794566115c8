import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInPathFor } from "@/lib/auth/redirects";

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
  ])("refuses %j and falls back to the dashboard", (input) => {
    expect(safeCallbackPath(input)).toBe("/dashboard");
  });

  it.each([undefined, null, 42, ["/admin"], { href: "/admin" }])("refuses a non-string %j", (input) => {
    expect(safeCallbackPath(input)).toBe("/dashboard");
  });

  it("builds a sign-in link that carries the path, encoded", () => {
    expect(signInPathFor("/editor?x=1&y=2")).toBe("/signin?callbackUrl=%2Feditor%3Fx%3D1%26y%3D2");
    expect(signInPathFor("https://evil.example")).toBe("/signin?callbackUrl=%2Fdashboard");
  });
});

import { describe, expect, it } from "vitest";
import { ruleFor } from "@/lib/auth/policy";
import { appPaths } from "@/tests/support/app-pages";

// Pages that anyone may open. Everything else must have a rule in lib/auth/policy.ts.
const PUBLIC_PAGES = ["/", "/access-denied", "/docs/api", "/signin", "/signin/problem", "/signout", "/signup"];

describe("every page has an access rule", () => {
  const paths = appPaths();

  it("finds the app's pages", () => {
    expect(paths).toContain("/dashboard");
    expect(paths).toContain("/admin/users");
  });

  it.each(paths.filter((url) => !PUBLIC_PAGES.includes(url)))("%s is gated by a rule", (url) => {
    expect(ruleFor(url), `${url} has no rule in ROUTE_RULES`).toBeDefined();
  });

  it.each(PUBLIC_PAGES)("%s is public on purpose", (url) => {
    expect(paths).toContain(url);
    expect(ruleFor(url)).toBeUndefined();
  });
});

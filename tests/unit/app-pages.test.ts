import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ruleFor } from "@/lib/auth/policy";
import { appPaths } from "@/tests/support/app-pages";

// Pages that anyone may open. Everything else must have a rule in lib/auth/policy.ts.
// The pages a mailed link opens are public: the link is the proof, whoever is signed in (or not).
const PUBLIC_PAGES = [
  "/",
  "/access-denied",
  "/docs/agents",
  "/docs/api",
  "/docs/oauth",
  "/signin",
  "/signin/problem",
  // The second step of a sign-in: its challenge cookie is the proof, and it is no session.
  "/signin/second-step",
  "/signout",
  "/signup",
  "/verify-email",
  "/forgot-password",
  "/reset-password",
  "/email-change",
  "/email-change/undo",
  // Development only: a 404 in production (tests/e2e/accounts.spec.ts).
  "/dev/outbox",
  // The short address a device tells people to open: it only forwards to the OAuth server's device page.
  "/device",
  // An OAuth authorization request's pass through Gatehouse: its interaction cookie is the proof, and
  // the route and page check the session themselves (signed out: to sign-in and back).
  "/oauth/interaction/sample-id",
  "/oauth/interaction/sample-id/consent",
];

/** Every page.tsx under app/, with the route it serves ("/admin/users/[id]"). */
function pageFiles(root = "app"): Array<{ file: string; route: string }> {
  const found: Array<{ file: string; route: string }> = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory())
        walk(path.join(dir, entry.name), entry.name.startsWith("(") ? segments : [...segments, entry.name]);
      else if (entry.name === "page.tsx")
        found.push({ file: path.join(dir, entry.name), route: `/${segments.join("/")}` });
    }
  };
  walk(root, []);
  return found;
}

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

// A page copied from another keeps the other's guardPage("/other") unless someone notices: then it
// checks the wrong rule. Each gated page must pass exactly its own path (dynamic segments as ${…}).
describe("every gated page checks its own path", () => {
  const gated = pageFiles().filter(({ route }) => !PUBLIC_PAGES.includes(route.replace(/\[\w+\]/g, "sample-id")));

  it("finds the gated pages", () => {
    expect(gated.length).toBeGreaterThan(10);
  });

  it.each(gated)("$route", ({ file, route }) => {
    const calls = [...readFileSync(file, "utf8").matchAll(/guardPage\(([^)]*)\)/g)].map((match) => match[1].trim());
    expect(calls, `${file} calls guardPage once`).toHaveLength(1);
    const expected = route.includes("[") ? `\`${route.replace(/\[(\w+)\]/g, "${$1}")}\`` : `"${route}"`;
    expect(calls[0]).toBe(expected);
  });
});

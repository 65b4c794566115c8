import { expect, test } from "@playwright/test";
import { OIDC_ISSUER } from "../fixtures/oidc-settings.mjs";
import { cspDirectives, cspProblems } from "../support/csp";
import { storageStatePath } from "./support/fixtures";

// The test server configures one external sign-in provider: forms may reach its origin, and no other.
const FORM_ACTION = ["'self'", new URL(OIDC_ISSUER).origin];

test.describe("security headers", () => {
  for (const path of ["/", "/signin", "/dashboard", "/admin"]) {
    test(`${path} sends a nonce-based CSP without inline scripts, and the framing, referrer and HSTS headers`, async ({
      request,
    }) => {
      const response = await request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      const csp = headers["content-security-policy"] ?? "";
      expect(cspDirectives(csp).get("script-src")?.join(" ")).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
      expect(cspProblems(csp, FORM_ACTION)).toEqual([]);
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["strict-transport-security"]).toContain("max-age=63072000");
      expect(headers["x-powered-by"]).toBeUndefined();
    });
  }

  // Whatever answers a page's address keeps the floor: a missing page, and a refused one.
  test("404 and 403 pages keep the policy's floor", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStatePath("user") });
    try {
      for (const [path, status] of [
        ["/no-such-page", 404],
        ["/admin/users", 403],
        ["/editor", 403],
      ] as const) {
        const response = await context.request.get(path, { maxRedirects: 0 });
        expect(response.status(), path).toBe(status);
        expect(cspProblems(response.headers()["content-security-policy"] ?? "", FORM_ACTION), path).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });

  test("each response gets its own nonce, and the page's scripts carry it", async ({ request }) => {
    const first = await request.get("/signin");
    const second = await request.get("/signin");
    const nonceOf = (csp: string) => csp.match(/'nonce-([^']+)'/)?.[1];
    const nonce = nonceOf(first.headers()["content-security-policy"]);
    expect(nonce).toBeTruthy();
    expect(nonce).not.toBe(nonceOf(second.headers()["content-security-policy"]));
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  });

  test("API answers carry the static headers too", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["x-powered-by"]).toBeUndefined();
  });

  // Middleware leaves the machines' endpoints out; what they answer, a 404 page under them included,
  // still runs nothing.
  for (const path of ["/mcp", "/mcp/nothing-here", "/.well-known/oauth-protected-resource", "/.well-known/nothing"])
    test(`${path} answers with a policy that runs nothing`, async ({ request }) => {
      const response = await request.get(path);
      expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
      expect(response.headers()["x-frame-options"]).toBe("DENY");
    });
});

test.describe("the pages work under the policy", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("no Content-Security-Policy violations while using the app", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
    });
    for (const path of ["/dashboard", "/admin/users", "/admin/audit", "/settings/tokens", "/docs/api"]) {
      await page.goto(path);
      await expect(page.getByRole("banner")).toBeVisible();
    }
    // Client code runs: a confirmation dialog opens (it would not if the scripts were blocked).
    await page.goto("/dashboard");
    await page.getByRole("button", { name: "Delete" }).first().click();
    await expect(page.getByRole("dialog")).toBeVisible();
    expect(violations).toEqual([]);
  });
});

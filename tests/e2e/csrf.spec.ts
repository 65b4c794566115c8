import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test } from "@playwright/test";
import { OIDC_ISSUER } from "../fixtures/oidc-settings.mjs";
import {
  ACTION_SCENARIOS,
  GATEHOUSE_ITSELF,
  hiddenFieldAfter,
  newPerson,
  publishArticle,
  sendAction,
  sessionSummary,
  signedInAs,
} from "./support/action-scenarios";
import { serverActions } from "./support/actions";
import { E2E_ORIGIN, TEST_PEOPLE } from "./support/fixtures";

// Cross-site request forgery against every state-changing route. For each server action the test
// sends the exact request a signed-in victim's browser would send, with the victim's cookies, as a
// hostile page would make it send: from another site, from a sandboxed frame (Origin: null), from a
// sibling subdomain, from a look-alike host, and with the Origin header stripped. Each must be
// refused with 403 and change nothing. Then the same request from Gatehouse's own origin must
// change exactly what the action is for, so the refusal is not just a broken request.
// (SameSite=Lax already keeps the session cookie off cross-site POSTs in today's browsers; these
// requests carry it anyway, to test the layer that does not depend on the browser.)

const HOSTILE_SENDERS: Array<{ from: string; headers: Record<string, string> }> = [
  { from: "another site", headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } },
  { from: "a sandboxed frame (Origin: null)", headers: { origin: "null", "sec-fetch-site": "cross-site" } },
  { from: "a sibling subdomain", headers: { origin: "http://evil.localhost:3100", "sec-fetch-site": "same-site" } },
  { from: "a look-alike host", headers: { origin: `${E2E_ORIGIN}.evil.example`, "sec-fetch-site": "cross-site" } },
  { from: "another site, Origin stripped", headers: { "sec-fetch-site": "cross-site" } },
];

test("every server action in the build has a scenario", () => {
  const names = [...new Set(serverActions().map((action) => action.name))].sort();
  expect(names).toEqual(Object.keys(ACTION_SCENARIOS).sort());
});

for (const [action, { prepare }] of Object.entries(ACTION_SCENARIOS)) {
  test(`${action}: refused from ${HOSTILE_SENDERS.length} hostile origins with nothing changed, and works from Gatehouse itself`, async ({
    browser,
  }) => {
    const victim = await prepare(browser);
    const before = await victim.observe();
    expect(before, "the action's effect is not there yet").not.toBe(victim.after);
    for (const { from, headers } of HOSTILE_SENDERS) {
      const response = await sendAction(victim, action, headers);
      expect(response.status(), `from ${from}`).toBe(403);
      expect(await response.json(), `from ${from}`).toEqual({
        error: "cross_site_request",
        message: "This form can only be sent from Gatehouse itself.",
      });
      expect(response.headers()["set-cookie"], `from ${from}: no cookie set`).toBeUndefined();
      expect(await victim.observe(response), `from ${from}: nothing changed`).toBe(before);
    }
    const genuine = await sendAction(victim, action, GATEHOUSE_ITSELF);
    expect(genuine.status()).toBeLessThan(400);
    expect(await victim.observe(genuine)).toBe(victim.after);
    await victim.cleanup?.();
    await victim.request.dispose().catch(() => {});
  });
}

test.describe("Auth.js's own POST endpoints need the CSRF token bound to the browser's cookie", () => {
  test("a sign-out posted from another site, with or without someone else's token, leaves the session alone", async () => {
    const person = await newPerson();
    const attacker = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    const { csrfToken: attackersToken } = (await (await attacker.get("/api/auth/csrf")).json()) as {
      csrfToken: string;
    };
    const forms: Array<Record<string, string>> = [{}, { csrfToken: attackersToken }, { csrfToken: "forged" }];
    for (const form of forms) {
      const response = await person.request.post("/api/auth/signout", {
        headers: { origin: "https://evil.example" },
        form,
        maxRedirects: 0,
      });
      expect(response.status()).toBeLessThan(500);
      expect(await sessionSummary(person.request)).toBe(`signed in as ${person.email} (user)`);
    }
    await attacker.dispose();
    await person.request.dispose();
  });

  test("a credentials sign-in posted without the token (login CSRF) signs no one in", async () => {
    const victim = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    const forms: Array<Record<string, string>> = [{}, { csrfToken: "forged" }];
    for (const form of forms) {
      const response = await victim.post("/api/auth/callback/credentials", {
        headers: { origin: "https://evil.example" },
        form: { ...form, email: TEST_PEOPLE.user.email, password: TEST_PEOPLE.user.password },
        maxRedirects: 0,
      });
      expect(response.status()).toBeLessThan(500);
      expect(response.headers().location ?? "").toContain("MissingCSRF");
      expect(await sessionSummary(victim)).toBe("signed out");
    }
    await victim.dispose();
  });

  test("a provider sign-in posted without the token does not start at the provider", async () => {
    const victim = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    const response = await victim.post("/api/auth/signin/oidc", {
      headers: { origin: "https://evil.example" },
      form: { callbackUrl: "/dashboard" },
      maxRedirects: 0,
    });
    expect(response.status()).toBeLessThan(500);
    expect(response.headers().location ?? "").not.toContain(OIDC_ISSUER);
    await victim.dispose();
  });
});

test.describe("the REST API takes bearer tokens only, so a browser's cookies buy nothing", () => {
  test("writes with a signed-in admin's cookie and no token are refused with 401 and nothing is written", async () => {
    const admin = await signedInAs("admin");
    const title = `CSRF via API ${randomUUID().slice(0, 8)}`;
    await publishArticle(`${title} kept`);
    const created = await admin.post("/api/v1/articles", {
      headers: { origin: "https://evil.example" },
      data: { title, body: "x" },
    });
    expect(created.status()).toBe(401);
    expect(created.headers()["www-authenticate"]).toMatch(/^Bearer/);
    const id = await hiddenFieldAfter(admin, "/dashboard", `${title} kept`, "id");
    for (const method of ["PATCH", "DELETE"]) {
      const response = await admin.fetch(`/api/v1/articles/${id}`, {
        method,
        headers: { origin: "https://evil.example" },
        data: method === "PATCH" ? { title: "defaced" } : undefined,
      });
      expect(response.status(), method).toBe(401);
    }
    const dashboard = await (await admin.get("/dashboard")).text();
    expect(dashboard).not.toContain(`>${title}<`);
    expect(dashboard).toContain(`${title} kept`);
    await admin.dispose();
  });

  test("no CORS grant: another site's script cannot read answers or send a preflighted request", async () => {
    const request = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    const preflight = await request.fetch("/api/v1/articles", {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.status()).toBeLessThan(500);
    expect(preflight.headers()["access-control-allow-origin"]).toBeUndefined();
    const read = await request.get("/api/v1/articles", { headers: { origin: "https://evil.example" } });
    expect(read.headers()["access-control-allow-origin"]).toBeUndefined();
    await request.dispose();
  });
});

import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test, type APIRequestContext, type APIResponse, type Browser } from "@playwright/test";
import { OIDC_ISSUER } from "../fixtures/oidc-settings.mjs";
import { actionFormBody, serverActionId, serverActions } from "./support/actions";
import { E2E_ORIGIN, TEST_PEOPLE, storageStatePath } from "./support/fixtures";
import { OIDC_LINK_BUTTON, freshAddress, loginAtProvider } from "./support/oidc";
import { signUpAndSignIn, signUpDirectly, signedInRequest } from "./support/sign-in";

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
const GATEHOUSE_ITSELF = { origin: E2E_ORIGIN, "sec-fetch-site": "same-origin" };
const PASSWORD = "violet-kettle-orbit-42";

type Victim = {
  /** The victim's cookies (or none, for sign-in and sign-up). */
  request: APIRequestContext;
  /** The page the action is posted to, the form fields, and whether it is a useActionState form. */
  path: string;
  fields: Record<string, string>;
  plainForm?: boolean;
  /** What the action would change, read back; `response` is the last answer to the action itself. */
  observe: (response?: APIResponse) => Promise<string>;
  /** What `observe` says once the action has run. */
  after: string;
  cleanup?: () => Promise<unknown>;
};

const newEmail = (label: string) => `csrf-${label}-${randomUUID().slice(0, 8)}@example.test`;
const signedInAs = (role: keyof typeof TEST_PEOPLE) => apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath(role) });

async function sessionSummary(request: APIRequestContext) {
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email: string; role: string } } | null;
  return session?.user ? `signed in as ${session.user.email} (${session.user.role})` : "signed out";
}

/** The value of a hidden form field that follows `marker` in a page's HTML. */
async function hiddenFieldAfter(request: APIRequestContext, path: string, marker: string, field: string) {
  const html = await (await request.get(path)).text();
  const at = html.indexOf(marker);
  expect(at, `${marker} on ${path}`).toBeGreaterThan(-1);
  const value = html.slice(at).match(new RegExp(`name="${field}" value="([^"]+)"`))?.[1];
  expect(value, `${field} after ${marker}`).toBeDefined();
  return value!;
}

async function newPerson() {
  const person = { email: newEmail("member"), password: PASSWORD };
  await signUpDirectly(person);
  const request = await signedInRequest(person);
  const { user } = (await (await request.get("/api/auth/session")).json()) as { user: { id: string } };
  return { ...person, id: user.id, request };
}

async function publishArticle(title: string) {
  const writer = await signedInAs("writer");
  const response = await writer.post("/dashboard/articles/new", {
    headers: { "next-action": serverActionId("createArticleAction"), ...GATEHOUSE_ITSELF },
    multipart: actionFormBody({ title, body: "Written for a CSRF test." }),
    maxRedirects: 0,
  });
  expect(response.headers()["x-action-redirect"]).toMatch(/created=1/);
  await writer.dispose();
}

const dashboardHas = (request: APIRequestContext, text: string) => async () => ((await (await request.get("/dashboard")).text()).includes(text) ? `lists ${text}` : `does not list ${text}`);

const SCENARIOS: Record<string, (browser: Browser) => Promise<Victim>> = {
  // Login CSRF: the victim's browser ends up signed in to an account the attacker chose.
  signInAction: async () => {
    const request = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    return {
      request,
      path: "/signin",
      fields: { callbackUrl: "/dashboard", email: TEST_PEOPLE.user.email, password: TEST_PEOPLE.user.password },
      observe: () => sessionSummary(request),
      after: `signed in as ${TEST_PEOPLE.user.email} (user)`,
    };
  },
  signUpAction: async () => {
    const request = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    const admin = await signedInAs("admin");
    const email = newEmail("signup");
    return {
      request,
      path: "/signup",
      fields: { name: "", email, password: PASSWORD },
      observe: async () => ((await (await admin.get(`/admin/users?q=${encodeURIComponent(email)}`)).text()).includes(`data-person="${email}"`) ? "registered" : "not registered"),
      after: "registered",
      cleanup: () => admin.dispose(),
    };
  },
  signOutAction: async () => {
    const person = await newPerson();
    return { request: person.request, path: "/dashboard", fields: {}, plainForm: true, observe: () => sessionSummary(person.request), after: "signed out" };
  },
  createArticleAction: async () => {
    const request = await signedInAs("writer");
    const title = `CSRF create ${randomUUID().slice(0, 8)}`;
    return { request, path: "/dashboard/articles/new", fields: { title, body: "Planted by another site." }, observe: dashboardHas(request, title), after: `lists ${title}` };
  },
  updateArticleAction: async () => {
    const title = `CSRF update ${randomUUID().slice(0, 8)}`;
    await publishArticle(title);
    const request = await signedInAs("editor");
    const html = await (await request.get("/dashboard")).text();
    const id = html.slice(html.indexOf(title)).match(/\/editor\/articles\/([\w-]+)/)![1];
    return {
      request,
      path: `/editor/articles/${id}`,
      fields: { id, title: `${title} defaced`, body: "Rewritten by another site." },
      observe: dashboardHas(request, `${title} defaced`),
      after: `lists ${title} defaced`,
    };
  },
  deleteArticleAction: async () => {
    const title = `CSRF delete ${randomUUID().slice(0, 8)}`;
    await publishArticle(title);
    const request = await signedInAs("admin");
    const id = await hiddenFieldAfter(request, "/dashboard", title, "id");
    return { request, path: "/dashboard", fields: { id }, observe: dashboardHas(request, title), after: `does not list ${title}` };
  },
  createTokenAction: async () => {
    const person = await newPerson();
    const name = `CSRF token ${randomUUID().slice(0, 8)}`;
    const tokens = async () => ((await (await person.request.get("/settings/tokens")).text()).includes(`data-token="${name}"`) ? "has the token" : "has no token");
    // The answer carries the new secret: a cross-site caller must never get one.
    return { request: person.request, path: "/settings/tokens", fields: { name, expiresIn: "7", scopes: "articles:read" }, observe: tokens, after: "has the token" };
  },
  revokeTokenAction: async () => {
    const person = await newPerson();
    const name = `CSRF revoke ${randomUUID().slice(0, 8)}`;
    const created = await person.request.post("/settings/tokens", {
      headers: { "next-action": serverActionId("createTokenAction"), ...GATEHOUSE_ITSELF },
      multipart: actionFormBody({ name, expiresIn: "7", scopes: "articles:read" }),
    });
    expect(await created.text()).toContain("gat_");
    const tokenId = await hiddenFieldAfter(person.request, "/settings/tokens", `data-token="${name}"`, "tokenId");
    const state = async () => {
      const html = await (await person.request.get("/settings/tokens")).text();
      const row = html.slice(html.indexOf(`data-token="${name}"`), html.indexOf("</tr>", html.indexOf(`data-token="${name}"`)));
      return row.includes("Revoked") ? "revoked" : "active";
    };
    return { request: person.request, path: "/settings/tokens", fields: { tokenId }, observe: state, after: "revoked" };
  },
  changeRoleAction: async () => {
    const member = await newPerson();
    const request = await signedInAs("admin");
    return {
      request,
      path: "/admin/users",
      fields: { userId: member.id, role: "admin" },
      observe: () => sessionSummary(member.request),
      after: `signed in as ${member.email} (admin)`,
      cleanup: () => member.request.dispose(),
    };
  },
  setDisabledAction: async () => {
    const member = await newPerson();
    const request = await signedInAs("admin");
    return { request, path: "/admin/users", fields: { userId: member.id, disabled: "true" }, observe: () => sessionSummary(member.request), after: "signed out" };
  },
  endSessionsAction: async () => {
    const member = await newPerson();
    const request = await signedInAs("admin");
    return { request, path: "/admin/users", fields: { userId: member.id }, observe: () => sessionSummary(member.request), after: "signed out" };
  },
  // These two only start a sign-in at the provider: the effect is the redirect there, with fresh
  // state, PKCE and nonce cookies.
  linkProviderAction: async () => {
    const person = await newPerson();
    return {
      request: person.request,
      path: "/settings/accounts",
      fields: { provider: "oidc" },
      observe: async (response) => (response?.headers()["x-action-redirect"]?.startsWith(OIDC_ISSUER) ? "sent to the provider" : "stayed"),
      after: "sent to the provider",
    };
  },
  signInWithProviderAction: async () => {
    const request = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    return {
      request,
      path: "/signin",
      fields: { provider: "oidc", callbackUrl: "/dashboard" },
      observe: async (response) => (response?.headers()["x-action-redirect"]?.startsWith(OIDC_ISSUER) ? "sent to the provider" : "stayed"),
      after: "sent to the provider",
    };
  },
  unlinkProviderAction: async (browser) => {
    // A person with a password and a linked provider, linked through the real flow.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUpAndSignIn(page, { email: freshAddress("csrf-unlink"), password: PASSWORD });
    await page.goto("/settings/accounts");
    await page.getByRole("button", { name: OIDC_LINK_BUTTON }).click();
    await loginAtProvider(page, freshAddress("csrf-unlinked"));
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "true");
    const linked = async () => ((await (await page.request.get("/settings/accounts")).text()).match(/data-method="oidc" data-linked="(\w+)"/)?.[1] === "true" ? "linked" : "not linked");
    return { request: page.request, path: "/settings/accounts", fields: { provider: "oidc" }, observe: linked, after: "not linked", cleanup: () => context.close() };
  },
};

async function sendAction(victim: Victim, action: string, headers: Record<string, string>) {
  return victim.request.post(victim.path, {
    headers: { "next-action": serverActionId(action), ...headers },
    multipart: actionFormBody(victim.fields, { withFormState: !victim.plainForm }),
    maxRedirects: 0,
  });
}

test("every server action in the build has a CSRF scenario here", () => {
  const names = [...new Set(serverActions().map((action) => action.name))].sort();
  expect(names).toEqual(Object.keys(SCENARIOS).sort());
});

for (const [action, prepare] of Object.entries(SCENARIOS)) {
  test(`${action}: refused from ${HOSTILE_SENDERS.length} hostile origins with nothing changed, and works from Gatehouse itself`, async ({ browser }) => {
    const victim = await prepare(browser);
    const before = await victim.observe();
    expect(before, "the action's effect is not there yet").not.toBe(victim.after);
    for (const { from, headers } of HOSTILE_SENDERS) {
      const response = await sendAction(victim, action, headers);
      expect(response.status(), `from ${from}`).toBe(403);
      expect(await response.json(), `from ${from}`).toEqual({ error: "cross_site_request", message: "This form can only be sent from Gatehouse itself." });
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
    const { csrfToken: attackersToken } = (await (await attacker.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const forms: Array<Record<string, string>> = [{}, { csrfToken: attackersToken }, { csrfToken: "forged" }];
    for (const form of forms) {
      const response = await person.request.post("/api/auth/signout", { headers: { origin: "https://evil.example" }, form, maxRedirects: 0 });
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
    const response = await victim.post("/api/auth/signin/oidc", { headers: { origin: "https://evil.example" }, form: { callbackUrl: "/dashboard" }, maxRedirects: 0 });
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
    const created = await admin.post("/api/v1/articles", { headers: { origin: "https://evil.example" }, data: { title, body: "x" } });
    expect(created.status()).toBe(401);
    expect(created.headers()["www-authenticate"]).toMatch(/^Bearer/);
    const id = await hiddenFieldAfter(admin, "/dashboard", `${title} kept`, "id");
    for (const method of ["PATCH", "DELETE"]) {
      const response = await admin.fetch(`/api/v1/articles/${id}`, { method, headers: { origin: "https://evil.example" }, data: method === "PATCH" ? { title: "defaced" } : undefined });
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
      headers: { origin: "https://evil.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(preflight.status()).toBeLessThan(500);
    expect(preflight.headers()["access-control-allow-origin"]).toBeUndefined();
    const read = await request.get("/api/v1/articles", { headers: { origin: "https://evil.example" } });
    expect(read.headers()["access-control-allow-origin"]).toBeUndefined();
    await request.dispose();
  });
});

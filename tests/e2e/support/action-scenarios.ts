import { randomUUID } from "node:crypto";
import {
  request as apiRequest,
  expect,
  type APIRequestContext,
  type APIResponse,
  type Browser,
} from "@playwright/test";
import type { Capability } from "@/lib/auth/policy";
import { OIDC_ISSUER } from "../../fixtures/oidc-settings.mjs";
import { actionFormBody, serverActionId } from "./actions";
import { countOf, e2eDatabaseUrl } from "./database";
import { E2E_ORIGIN, TEST_PEOPLE, ownNetwork, storageStatePath } from "./fixtures";
import { OIDC_LINK_BUTTON, freshAddress, loginAtProvider } from "./oidc";
import { freshAdmin, signUpAndSignIn, signUpDirectly, signedInRequest } from "./sign-in";
import { ACCOUNT_SCENARIOS } from "./account-scenarios";
import { OAUTH_SCENARIOS } from "./oauth-scenarios";
import { ROLE_SCENARIOS } from "./role-scenarios";
import { VIEWING_SCENARIOS } from "./viewing-scenarios";
import { WEBHOOK_SCENARIOS } from "./webhook-scenarios";
import { PASSKEY_SCENARIOS, SECOND_FACTOR_SCENARIOS } from "./second-factor-scenarios";

// One scenario per server action in the build: a victim for whom the action would change
// something, the form fields that change it, and a way to read that something back. The CSRF and
// forced-action specs send these requests from places they must not work from and check that
// nothing changed, then from the right place and check that it did.

export const GATEHOUSE_ITSELF = { origin: E2E_ORIGIN, "sec-fetch-site": "same-origin" };
const PASSWORD = "violet-kettle-orbit-42";

export type Victim = {
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

export type Scenario = {
  /** What the action itself checks through the policy; null for actions anyone may call (sign-in, sign-up...). */
  capability: Capability | null;
  /** Set for actions on one's own things (tokens, sign-in methods): another signed-in person must not reach them. */
  ownedBy?: "victim";
  prepare: (browser: Browser) => Promise<Victim>;
};

export const newEmail = (label: string) => `csrf-${label}-${randomUUID().slice(0, 8)}@example.test`;
export const signedInAs = (role: keyof typeof TEST_PEOPLE) =>
  apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath(role) });

export async function sessionSummary(request: APIRequestContext) {
  const session = (await (await request.get("/api/auth/session")).json()) as {
    user?: { email: string; role: string };
  } | null;
  return session?.user ? `signed in as ${session.user.email} (${session.user.role})` : "signed out";
}

/**
 * An admin's organisation-wide setting, saved as the shared e2e server already has it (so other tests
 * are not affected): what changes is the audit log, which records every save, told apart by this
 * browser's user agent.
 */
export function settingSaveScenario(auditAction: string, path: string, fields: Record<string, string>): Scenario {
  return {
    capability: "manage-security",
    prepare: async () => {
      const userAgent = `Gatehouse e2e ${auditAction} ${randomUUID()}`;
      const request = await freshAdmin(userAgent);
      const saves = async () =>
        `${await countOf(e2eDatabaseUrl(), `SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = ? AND "userAgent" = ?`, [
          auditAction,
          userAgent,
        ])} saves`;
      return { request, path, fields, observe: saves, after: "1 saves" };
    },
  };
}

/** The value of a hidden form field that follows `marker` in a page's HTML. */
export async function hiddenFieldAfter(request: APIRequestContext, path: string, marker: string, field: string) {
  const html = await (await request.get(path)).text();
  const at = html.indexOf(marker);
  expect(at, `${marker} on ${path}`).toBeGreaterThan(-1);
  const value = html.slice(at).match(new RegExp(`name="${field}" value="([^"]+)"`))?.[1];
  expect(value, `${field} after ${marker}`).toBeDefined();
  return value!;
}

export async function newPerson() {
  const person = { email: newEmail("member"), password: PASSWORD };
  await signUpDirectly(person);
  const request = await signedInRequest(person);
  const { user } = (await (await request.get("/api/auth/session")).json()) as { user: { id: string } };
  return { ...person, id: user.id, request };
}

/**
 * An article published through the form's own action. By the admin unless said otherwise: a writer
 * may change what they wrote, so an article meant for the forced-action specs to deface must be
 * nobody's among the intruders.
 */
export async function publishArticle(title: string, author: "writer" | "admin" = "admin") {
  const writer = await signedInAs(author);
  const response = await writer.post("/dashboard/articles/new", {
    headers: { "next-action": serverActionId("createArticleAction"), ...GATEHOUSE_ITSELF },
    multipart: actionFormBody({ title, body: "Written for a CSRF test." }),
    maxRedirects: 0,
  });
  expect(response.headers()["x-action-redirect"]).toMatch(/created=/);
  await writer.dispose();
}

const dashboardHas = (request: APIRequestContext, text: string) => async () =>
  (await (await request.get("/dashboard")).text()).includes(text) ? `lists ${text}` : `does not list ${text}`;

/** Starting a provider sign-in changes nothing on the server; its effect is the redirect to the provider. */
const whereTheAnswerSends = (response?: APIResponse) =>
  response?.headers()["x-action-redirect"]?.startsWith(OIDC_ISSUER) ? "sent to the provider" : "stayed";

/** A browser with no session, on a page Gatehouse serves to everyone. */
async function signedOutVisitor(scenario: (request: APIRequestContext) => Omit<Victim, "request">): Promise<Victim> {
  const request = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  return { request, ...scenario(request) };
}

const OWN_SCENARIOS: Record<string, Scenario> = {
  // Login CSRF: the victim's browser ends up signed in to an account the attacker chose.
  signInAction: {
    capability: null,
    prepare: () =>
      signedOutVisitor((request) => ({
        path: "/signin",
        fields: { callbackUrl: "/dashboard", email: TEST_PEOPLE.user.email, password: TEST_PEOPLE.user.password },
        observe: () => sessionSummary(request),
        after: `signed in as ${TEST_PEOPLE.user.email} (user)`,
      })),
  },
  signUpAction: {
    capability: null,
    prepare: async () => {
      const request = await apiRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: ownNetwork() });
      const admin = await signedInAs("admin");
      const email = newEmail("signup");
      return {
        request,
        path: "/signup",
        fields: { name: "", email, password: PASSWORD },
        observe: async () =>
          (await (await admin.get(`/admin/users?q=${encodeURIComponent(email)}`)).text()).includes(
            `data-person="${email}"`,
          )
            ? "registered"
            : "not registered",
        after: "registered",
        cleanup: () => admin.dispose(),
      };
    },
  },
  signOutAction: {
    capability: null,
    prepare: async () => {
      const person = await newPerson();
      return {
        request: person.request,
        path: "/dashboard",
        fields: {},
        plainForm: true,
        observe: () => sessionSummary(person.request),
        after: "signed out",
      };
    },
  },
  createArticleAction: {
    capability: "create",
    prepare: async () => {
      const request = await signedInAs("writer");
      const title = `CSRF create ${randomUUID().slice(0, 8)}`;
      return {
        request,
        path: "/dashboard/articles/new",
        fields: { title, body: "Planted by another site." },
        observe: dashboardHas(request, title),
        after: `lists ${title}`,
      };
    },
  },
  updateArticleAction: {
    capability: "update",
    prepare: async () => {
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
  },
  deleteArticleAction: {
    capability: "delete",
    prepare: async () => {
      const title = `CSRF delete ${randomUUID().slice(0, 8)}`;
      await publishArticle(title);
      const request = await signedInAs("admin");
      const id = await hiddenFieldAfter(request, "/dashboard", title, "id");
      return {
        request,
        path: "/dashboard",
        fields: { id },
        observe: dashboardHas(request, title),
        after: `does not list ${title}`,
      };
    },
  },
  createTokenAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      const name = `CSRF token ${randomUUID().slice(0, 8)}`;
      const tokens = async () =>
        (await (await person.request.get("/settings/tokens")).text()).includes(`data-token="${name}"`)
          ? "has the token"
          : "has no token";
      // The answer carries the new secret: a cross-site caller must never get one.
      return {
        request: person.request,
        path: "/settings/tokens",
        fields: { name, expiresIn: "7", scopes: "articles:read" },
        observe: tokens,
        after: "has the token",
      };
    },
  },
  revokeTokenAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async () => {
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
        const row = html.slice(
          html.indexOf(`data-token="${name}"`),
          html.indexOf("</tr>", html.indexOf(`data-token="${name}"`)),
        );
        return row.includes("Revoked") ? "revoked" : "active";
      };
      return {
        request: person.request,
        path: "/settings/tokens",
        fields: { tokenId },
        observe: state,
        after: "revoked",
      };
    },
  },
  // An admin revokes a token another person holds (one a stolen session may have minted).
  revokePersonTokenAction: {
    capability: "manage-access",
    prepare: async () => {
      const member = await newPerson();
      const name = `Admin revokes ${randomUUID().slice(0, 8)}`;
      const created = await member.request.post("/settings/tokens", {
        headers: { "next-action": serverActionId("createTokenAction"), ...GATEHOUSE_ITSELF },
        multipart: actionFormBody({ name, expiresIn: "7", scopes: "articles:read" }),
      });
      const token = (await created.text()).match(/gat_[A-Za-z0-9_-]{43}/)![0];
      const tokenId = await hiddenFieldAfter(member.request, "/settings/tokens", `data-token="${name}"`, "tokenId");
      const api = await apiRequest.newContext({
        baseURL: E2E_ORIGIN,
        extraHTTPHeaders: { authorization: `Bearer ${token}` },
      });
      const request = await signedInAs("admin");
      return {
        request,
        path: `/admin/users/${member.id}`,
        fields: { tokenId },
        observe: async () => `the token answers ${(await api.get("/api/v1/articles?limit=1")).status()}`,
        after: "the token answers 401",
        cleanup: () => Promise.all([api.dispose(), member.request.dispose()]),
      };
    },
  },
  changeRoleAction: {
    capability: "change-roles",
    prepare: async () => {
      const member = await newPerson();
      const request = await freshAdmin();
      return {
        request,
        path: "/admin/users",
        fields: { personId: member.id, role: "admin" },
        observe: () => sessionSummary(member.request),
        after: `signed in as ${member.email} (admin)`,
        cleanup: () => member.request.dispose(),
      };
    },
  },
  setDisabledAction: {
    capability: "manage-access",
    prepare: async () => {
      const member = await newPerson();
      const request = await freshAdmin();
      return {
        request,
        path: "/admin/users",
        fields: { personId: member.id, disabled: "true" },
        observe: () => sessionSummary(member.request),
        after: "signed out",
      };
    },
  },
  endSessionsAction: {
    capability: "manage-access",
    prepare: async () => {
      const member = await newPerson();
      const request = await freshAdmin();
      return {
        request,
        path: "/admin/users",
        fields: { personId: member.id },
        observe: () => sessionSummary(member.request),
        after: "signed out",
      };
    },
  },
  // These two only start a sign-in at the provider: the effect is the redirect there, with fresh
  // state, PKCE and nonce cookies.
  linkProviderAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      return {
        request: person.request,
        path: "/settings/accounts",
        fields: { provider: "oidc" },
        observe: async (response) => whereTheAnswerSends(response),
        after: "sent to the provider",
      };
    },
  },
  signInWithProviderAction: {
    capability: null,
    prepare: () =>
      signedOutVisitor(() => ({
        path: "/signin",
        fields: { provider: "oidc", callbackUrl: "/dashboard" },
        observe: async (response) => whereTheAnswerSends(response),
        after: "sent to the provider",
      })),
  },
  unlinkProviderAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async (browser) => {
      // A person with a password and a linked provider, linked through the real flow.
      const context = await browser.newContext();
      const page = await context.newPage();
      await signUpAndSignIn(page, { email: freshAddress("csrf-unlink"), password: PASSWORD });
      await page.goto("/settings/accounts");
      await page.getByRole("button", { name: OIDC_LINK_BUTTON }).click();
      await loginAtProvider(page, freshAddress("csrf-unlinked"));
      await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "true");
      const linked = async () =>
        (await (await page.request.get("/settings/accounts")).text()).match(
          /data-method="oidc" data-linked="(\w+)"/,
        )?.[1] === "true"
          ? "linked"
          : "not linked";
      return {
        request: page.request,
        path: "/settings/accounts",
        fields: { provider: "oidc" },
        observe: linked,
        after: "not linked",
        cleanup: () => context.close(),
      };
    },
  },
};

export const ACTION_SCENARIOS: Record<string, Scenario> = {
  ...OWN_SCENARIOS,
  ...ACCOUNT_SCENARIOS,
  ...SECOND_FACTOR_SCENARIOS,
  ...PASSKEY_SCENARIOS,
  ...OAUTH_SCENARIOS,
  ...ROLE_SCENARIOS,
  ...VIEWING_SCENARIOS,
  ...WEBHOOK_SCENARIOS,
};

/** Posts the victim's action with `headers` (an Origin, or a cookie-less context) and the scenario's fields. */
export async function sendAction(
  victim: Victim,
  action: string,
  headers: Record<string, string>,
  request = victim.request,
) {
  return request.post(victim.path, {
    headers: { "next-action": serverActionId(action), ...headers },
    multipart: actionFormBody(victim.fields, { withFormState: !victim.plainForm }),
    maxRedirects: 0,
  });
}

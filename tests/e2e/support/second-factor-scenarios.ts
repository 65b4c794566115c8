import { request as apiRequest, expect, type APIRequestContext, type Browser } from "@playwright/test";
import { actionFormBody, serverActionId } from "./actions";
import type { Scenario } from "./action-scenarios";
import { GATEHOUSE_ITSELF, hiddenFieldAfter, newPerson, sessionSummary, settingSaveScenario } from "./action-scenarios";
import { passkeyDevice } from "./passkeys";
import { E2E_ORIGIN, NO_COOKIES, ownNetwork } from "./fixtures";
import { totpCode } from "./second-factor";
import { freshAdmin } from "./sign-in";

// The scenarios for the two-step sign-in actions of issue 18 (see action-scenarios.ts for what they are for).

const post = (request: APIRequestContext, path: string, action: string, fields: Record<string, string>) =>
  request.post(path, {
    headers: { "next-action": serverActionId(action), ...GATEHOUSE_ITSELF },
    multipart: actionFormBody(fields),
    maxRedirects: 0,
  });

/** Someone who started setting up an app (through the actions, as the page does), with its key. */
async function personSettingUp() {
  const person = await newPerson();
  await post(person.request, "/settings/security", "startTotpAction", {});
  const html = await (await person.request.get("/settings/security")).text();
  const key = html.match(/data-testid="totp-secret"[^>]*>([^<]+)</)?.[1]?.replace(/\s+/g, "");
  expect(key, "the key on the setup page").toMatch(/^[A-Z2-7]{32}$/);
  return { ...person, key: key! };
}

/** Someone with an app turned on, its key, and their recovery codes. */
async function personWithApp() {
  const person = await personSettingUp();
  const confirmed = await (
    await post(person.request, "/settings/security", "confirmTotpAction", { code: totpCode(person.key) })
  ).text();
  const recoveryCodes = [...new Set([...confirmed.matchAll(/"([a-z2-9]{5}-[a-z2-9]{5})"/g)].map((match) => match[1]))];
  expect(recoveryCodes).toHaveLength(10);
  return { ...person, recoveryCodes };
}

/** A browser with no session that passed the password step for `person`: it holds only the challenge cookie. */
async function pastThePassword(person: { email: string; password: string }) {
  const visitor = await apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    storageState: NO_COOKIES,
    extraHTTPHeaders: ownNetwork(),
  });
  const answer = await post(visitor, "/signin", "signInAction", { ...person, callbackUrl: "/dashboard" });
  expect(answer.headers()["x-action-redirect"]).toMatch(/^\/signin\/second-step/);
  return visitor;
}

const appState = (request: APIRequestContext) => async () => {
  const html = await (await request.get("/settings/security")).text();
  if (html.includes('data-testid="totp-enrolment"')) return "setting up";
  const left = html.match(/(\d+) recovery codes? left/)?.[1];
  return left ? `on, ${left} codes left` : "off";
};

export const SECOND_FACTOR_SCENARIOS: Record<string, Scenario> = {
  // The second step, from a browser that passed the password: the code signs it in.
  secondStepAction: {
    capability: null,
    prepare: async () => {
      const person = await personWithApp();
      const request = await pastThePassword(person);
      return {
        request,
        path: "/signin/second-step",
        fields: { code: totpCode(person.key, 1), callbackUrl: "/dashboard" },
        observe: () => sessionSummary(request),
        after: `signed in as ${person.email} (user)`,
        cleanup: () => person.request.dispose(),
      };
    },
  },
  startTotpAction: {
    capability: null,
    prepare: async () => {
      const person = await newPerson();
      return {
        request: person.request,
        path: "/settings/security",
        fields: {},
        observe: appState(person.request),
        after: "setting up",
      };
    },
  },
  confirmTotpAction: {
    capability: null,
    prepare: async () => {
      const person = await personSettingUp();
      return {
        request: person.request,
        path: "/settings/security",
        fields: { code: totpCode(person.key) },
        observe: appState(person.request),
        after: "on, 10 codes left",
      };
    },
  },
  cancelTotpSetupAction: {
    capability: null,
    prepare: async () => {
      const person = await personSettingUp();
      return {
        request: person.request,
        path: "/settings/security",
        fields: {},
        observe: appState(person.request),
        after: "off",
      };
    },
  },
  regenerateRecoveryCodesAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async () => {
      const person = await personWithApp();
      // One code spent in a sign-in elsewhere, so a new set shows as ten left again.
      const elsewhere = await pastThePassword(person);
      await post(elsewhere, "/signin/second-step", "secondStepAction", { code: person.recoveryCodes[0] });
      expect(await sessionSummary(elsewhere)).toContain(person.email);
      await elsewhere.dispose();
      return {
        request: person.request,
        path: "/settings/security",
        fields: {},
        observe: appState(person.request),
        after: "on, 10 codes left",
      };
    },
  },
  removeSecondFactorAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async () => {
      const person = await personWithApp();
      return {
        request: person.request,
        path: "/settings/security",
        fields: {},
        observe: appState(person.request),
        after: "off",
      };
    },
  },
  resetSecondFactorForAction: {
    capability: "manage-access",
    prepare: async () => {
      const member = await personWithApp();
      const request = await freshAdmin();
      return {
        request,
        path: `/admin/users/${member.id}`,
        fields: { personId: member.id },
        observe: async () =>
          (await (await request.get(`/admin/users/${member.id}`)).text()).includes("Two-step sign-in on")
            ? "on"
            : "off",
        after: "off",
        cleanup: () => member.request.dispose(),
      };
    },
  },
  // Saved as the form showed it (nothing ticked then, nothing now): no role's requirement changes.
  setSecondFactorRolesAction: settingSaveScenario("settings.second_factor_roles", "/admin/security", {
    roles: "",
    was: "",
  }),
};

/** Someone signed in with a passkey device at hand (a browser with a virtual authenticator). */
async function personWithDevice(browser: Browser) {
  const person = await newPerson();
  const device = await passkeyDevice(browser, await person.request.storageState());
  return { ...person, device };
}

async function passkeyNames(request: APIRequestContext) {
  const html = await (await request.get("/settings/security")).text();
  return [...html.matchAll(/data-passkey="([^"]+)"/g)].map((match) => match[1]).join(", ") || "no passkeys";
}

export const PASSKEY_SCENARIOS: Record<string, Scenario> = {
  registerPasskeyAction: {
    capability: null,
    prepare: async (browser) => {
      const person = await personWithDevice(browser);
      const { challengeId, response } = await person.device.answer("register");
      return {
        request: person.request,
        path: "/settings/security",
        fields: { name: "Scenario key", challengeId, response },
        observe: () => passkeyNames(person.request),
        after: "Scenario key",
        cleanup: () => person.device.context.close(),
      };
    },
  },
  removePasskeyAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async (browser) => {
      const person = await personWithDevice(browser);
      const { challengeId, response } = await person.device.answer("register");
      await post(person.request, "/settings/security", "registerPasskeyAction", {
        name: "To remove",
        challengeId,
        response,
      });
      expect(await passkeyNames(person.request)).toBe("To remove");
      const passkeyId = await hiddenFieldAfter(
        person.request,
        "/settings/security",
        'data-passkey="To remove"',
        "passkeyId",
      );
      return {
        request: person.request,
        path: "/settings/security",
        fields: { passkeyId },
        observe: () => passkeyNames(person.request),
        after: "no passkeys",
        cleanup: () => person.device.context.close(),
      };
    },
  },
  // Signing in with a passkey alone, from a browser with no session.
  passkeySignInAction: {
    capability: null,
    prepare: async (browser) => {
      const person = await personWithDevice(browser);
      const registration = await person.device.answer("register");
      await post(person.request, "/settings/security", "registerPasskeyAction", { name: "Device", ...registration });
      await person.device.context.clearCookies();
      const { challengeId, response } = await person.device.answer("sign-in");
      const request = person.device.page.request;
      return {
        request,
        path: "/signin",
        fields: { challengeId, response, callbackUrl: "/dashboard" },
        observe: () => sessionSummary(request),
        after: `signed in as ${person.email} (user)`,
        cleanup: () => person.device.context.close(),
      };
    },
  },
};

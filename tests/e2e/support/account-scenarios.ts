import { request as apiRequest, expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { actionFormBody, serverActionId } from "./actions";
import { E2E_ORIGIN, ownNetwork, NO_COOKIES } from "./fixtures";
import { SUBJECTS, linkIn, mailsTo, tokenOf, waitForMail } from "./mail";
import { freshAdmin, signUpDirectly, signedInRequest } from "./sign-in";
import type { Scenario, Victim } from "./action-scenarios";
import {
  GATEHOUSE_ITSELF,
  hiddenFieldAfter,
  newEmail,
  newPerson,
  sessionSummary,
  signedInAs,
} from "./action-scenarios";

// The scenarios for the account actions of issue 16 (see action-scenarios.ts for what they are for).

const PASSWORD = "violet-kettle-orbit-42";
const NEW_PASSWORD = "amber-lantern-quartz-77";

/** Whether an action's answer says it ran: a success state or a redirect (a refusal is neither). */
async function ran(response?: APIResponse) {
  if (!response || response.status() >= 400) return false;
  return Boolean(response.headers()["x-action-redirect"]) || (await response.text()).includes('"status":"success"');
}

/**
 * How many mails of a kind an address has. Mail goes out after the response, so once an action has
 * run this waits for the count to move; after a refusal it reads at once.
 */
function mailCount(address: string, subject: RegExp, before: () => number) {
  return async (response?: APIResponse) => {
    const count = async () => (await mailsTo(address)).filter((mail) => subject.test(mail.subject)).length;
    if (await ran(response)) await expect.poll(count, { timeout: 10_000 }).toBeGreaterThan(before());
    return `${await count()} mails`;
  };
}

/** A person who signed up and signed in but has not followed the link in their mail. */
export async function unconfirmedPerson() {
  const person = { email: newEmail("unconfirmed"), password: PASSWORD };
  await signUpDirectly(person, { confirm: false });
  await waitForMail(person.email, SUBJECTS.verify);
  const request = await signedInRequest(person);
  const { user } = (await (await request.get("/api/auth/session")).json()) as { user: { id: string } };
  return { ...person, id: user.id, request };
}

async function post(request: APIRequestContext, path: string, action: string, fields: Record<string, string>) {
  return request.post(path, {
    headers: { "next-action": serverActionId(action), ...GATEHOUSE_ITSELF },
    multipart: actionFormBody(fields),
    maxRedirects: 0,
  });
}

/** Whether a mailed link's page still offers its form ("usable") or says it cannot be used. */
const linkState = (request: APIRequestContext, path: string, token: string) => async () =>
  (await (await request.get(`${path}?token=${token}`)).text()).includes('data-testid="link-problem"')
    ? "used"
    : "usable";

const pendingChange = (request: APIRequestContext) => async () =>
  (await (await request.get("/settings/account")).text()).includes('data-testid="pending-email-change"')
    ? "pending"
    : "none";

async function withPendingChange() {
  const person = await newPerson();
  const email = newEmail("changed-to");
  expect(
    await ran(
      await post(person.request, "/settings/account", "requestEmailChangeAction", { email, currentPassword: PASSWORD }),
    ),
  ).toBe(true);
  return { person, email };
}

const signedOut = () =>
  apiRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: ownNetwork(), storageState: NO_COOKIES });

export const ACCOUNT_SCENARIOS: Record<string, Scenario> = {
  // Open to a signed-in person whose address is not confirmed yet: it is how they get confirmed.
  resendVerificationAction: {
    capability: null,
    prepare: async (): Promise<Victim> => {
      const person = await unconfirmedPerson();
      return {
        request: person.request,
        path: "/verify-email",
        fields: {},
        observe: mailCount(person.email, SUBJECTS.verify, () => 1),
        after: "2 mails",
      };
    },
  },
  confirmEmailAction: {
    capability: null,
    prepare: async () => {
      const person = await unconfirmedPerson();
      const token = tokenOf(linkIn(await waitForMail(person.email, SUBJECTS.verify), "/verify-email"));
      const verified = async () =>
        `verified: ${((await (await person.request.get("/api/auth/session")).json()) as { user: { verified: boolean } }).user.verified}`;
      return {
        request: person.request,
        path: "/verify-email",
        fields: { token },
        observe: verified,
        after: "verified: true",
      };
    },
  },
  forgotPasswordAction: {
    capability: null,
    prepare: async () => {
      const person = await newPerson();
      return {
        request: await signedOut(),
        path: "/forgot-password",
        fields: { email: person.email },
        observe: mailCount(person.email, SUBJECTS.reset, () => 0),
        after: "1 mails",
        cleanup: () => person.request.dispose(),
      };
    },
  },
  resetPasswordAction: {
    capability: null,
    prepare: async () => {
      const person = await newPerson();
      const visitor = await signedOut();
      expect(await ran(await post(visitor, "/forgot-password", "forgotPasswordAction", { email: person.email }))).toBe(
        true,
      );
      const token = tokenOf(linkIn(await waitForMail(person.email, SUBJECTS.reset), "/reset-password"));
      return {
        request: visitor,
        path: "/reset-password",
        fields: { token, password: NEW_PASSWORD },
        observe: linkState(visitor, "/reset-password", token),
        after: "used",
        cleanup: () => person.request.dispose(),
      };
    },
  },
  changePasswordAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      return {
        request: person.request,
        path: "/settings/account",
        fields: { currentPassword: PASSWORD, password: NEW_PASSWORD },
        observe: mailCount(person.email, SUBJECTS.passwordChanged, () => 0),
        after: "1 mails",
      };
    },
  },
  sendPasswordLinkAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      return {
        request: person.request,
        path: "/settings/account",
        fields: {},
        observe: mailCount(person.email, SUBJECTS.reset, () => 0),
        after: "1 mails",
      };
    },
  },
  requestEmailChangeAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      return {
        request: person.request,
        path: "/settings/account",
        fields: { email: newEmail("wants"), currentPassword: PASSWORD },
        observe: pendingChange(person.request),
        after: "pending",
      };
    },
  },
  cancelEmailChangeAction: {
    capability: "read",
    prepare: async () => {
      const { person } = await withPendingChange();
      return {
        request: person.request,
        path: "/settings/account",
        fields: {},
        observe: pendingChange(person.request),
        after: "none",
      };
    },
  },
  confirmEmailChangeAction: {
    capability: null,
    prepare: async () => {
      const { person, email } = await withPendingChange();
      const token = tokenOf(linkIn(await waitForMail(email, SUBJECTS.confirmNewEmail), "/email-change"));
      return {
        request: person.request,
        path: "/email-change",
        fields: { token },
        observe: () => sessionSummary(person.request),
        after: `signed in as ${email} (user)`,
      };
    },
  },
  undoEmailChangeAction: {
    capability: null,
    prepare: async () => {
      const { person, email } = await withPendingChange();
      const confirm = tokenOf(linkIn(await waitForMail(email, SUBJECTS.confirmNewEmail), "/email-change"));
      expect(
        await ran(await post(person.request, "/email-change", "confirmEmailChangeAction", { token: confirm })),
      ).toBe(true);
      const token = tokenOf(linkIn(await waitForMail(person.email, SUBJECTS.emailChanged), "/email-change/undo"));
      const visitor = await signedOut();
      return {
        request: visitor,
        path: "/email-change/undo",
        fields: { token },
        observe: linkState(visitor, "/email-change/undo", token),
        after: "used",
        cleanup: () => person.request.dispose(),
      };
    },
  },
  // Signs out one of the victim's own sessions, named by its id: another person must not reach it.
  endOwnSessionAction: {
    capability: "read",
    ownedBy: "victim",
    prepare: async () => {
      const person = await newPerson();
      const other = await signedInRequest(person);
      const sid = await hiddenFieldAfter(person.request, "/settings/sessions", 'data-session="other"', "sid");
      return {
        request: person.request,
        path: "/settings/sessions",
        fields: { sid },
        observe: () => sessionSummary(other),
        after: "signed out",
        cleanup: () => other.dispose(),
      };
    },
  },
  endOtherSessionsAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      const other = await signedInRequest(person);
      return {
        request: person.request,
        path: "/settings/sessions",
        fields: {},
        observe: () => sessionSummary(other),
        after: "signed out",
        cleanup: () => other.dispose(),
      };
    },
  },
  renameAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      const name = `Renamed ${person.id.slice(-6)}`;
      const named = async () =>
        `named ${((await (await person.request.get("/api/auth/session")).json()) as { user: { name: string | null } }).user.name}`;
      return {
        request: person.request,
        path: "/settings/account",
        fields: { name },
        observe: named,
        after: `named ${name}`,
      };
    },
  },
  deleteAccountAction: {
    capability: "read",
    prepare: async () => {
      const person = await newPerson();
      const admin = await signedInAs("admin");
      return {
        request: person.request,
        path: "/settings/account",
        fields: { currentPassword: PASSWORD, confirm: "delete my account" },
        observe: async () =>
          (await (await admin.get(`/admin/users?q=${encodeURIComponent(person.email)}`)).text()).includes(
            `data-person="${person.email}"`,
          )
            ? "has an account"
            : "has no account",
        after: "has no account",
        cleanup: () => admin.dispose(),
      };
    },
  },
  endPersonSessionAction: {
    capability: "manage-access",
    prepare: async () => {
      const member = await newPerson();
      const admin = await freshAdmin();
      const sid = await hiddenFieldAfter(admin, `/admin/users/${member.id}`, 'data-session="other"', "sid");
      return {
        request: admin,
        path: `/admin/users/${member.id}`,
        fields: { personId: member.id, sid },
        observe: () => sessionSummary(member.request),
        after: "signed out",
      };
    },
  },
  resendVerificationForAction: {
    capability: "manage-access",
    prepare: async () => {
      const member = await unconfirmedPerson();
      return {
        request: await signedInAs("admin"),
        path: `/admin/users/${member.id}`,
        fields: { personId: member.id },
        observe: mailCount(member.email, SUBJECTS.verify, () => 1),
        after: "2 mails",
        cleanup: () => member.request.dispose(),
      };
    },
  },
  sendResetLinkForAction: {
    capability: "manage-access",
    prepare: async () => {
      const member = await newPerson();
      return {
        request: await signedInAs("admin"),
        path: `/admin/users/${member.id}`,
        fields: { personId: member.id },
        observe: mailCount(member.email, SUBJECTS.reset, () => 0),
        after: "1 mails",
        cleanup: () => member.request.dispose(),
      };
    },
  },
};

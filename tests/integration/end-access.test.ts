import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { changePassword } from "@/lib/auth/credentials/change";
import { resetPassword } from "@/lib/auth/credentials/recovery";
import { registerWithPassword } from "@/lib/auth/credentials/verify";
import { undoEmailChange } from "@/lib/auth/email/change";
import { createEmailLink, peekEmailLink } from "@/lib/auth/email/links";
import { OAUTH_RECORD_KINDS, PERSON_MODELS } from "@/lib/auth/end-access";
import { authenticateAppToken } from "@/lib/auth/oauth-server/access-tokens";
import { OAuthRecordAdapter } from "@/lib/auth/oauth-server/adapter";
import { oauthProvider } from "@/lib/auth/oauth-server/provider";
import { resetSecondFactor } from "@/lib/auth/second-factor/factors";
import { livePersonFor, recordSession } from "@/lib/auth/session/live-session";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { db } from "@/lib/db";
import { deleteAccount } from "@/lib/people/account";
import { endSessions, setDisabled } from "@/lib/people/commands";
import { createToken } from "@/lib/tokens/commands";
import { findTokenByHash } from "@/lib/tokens/queries";
import { hashToken } from "@/lib/tokens/secret";
import { MCP_RESOURCE } from "@/lib/auth/oauth-server/resources";
import { appOf, grantOf, serviceTokenOf } from "./support/oauth";

// Issue 29, item 1: every recovery path ends what it promises, for every credential family, through
// lib/auth/end-access.ts. Each path runs against a person holding one live credential of every family.

const PASSWORD = "violet-kettle-orbit-42";
let counter = 0;

async function someone(role = "user") {
  const email = `ends-${++counter}@example.test`;
  const created = await registerWithPassword({ email, password: PASSWORD });
  if (created === "exists") throw new Error("taken");
  await db.user.update({ where: { id: created.id }, data: { role } });
  return { id: created.id, email, name: null, authenticatedAt: new Date() };
}

const admin = async () => ({ ...(await someone("admin")), role: "admin" }) as unknown as CurrentPerson;

/** One live credential of every family, as a stolen session could have left them. */
async function holdEverything(person: { id: string; email: string }) {
  const sid = crypto.randomUUID();
  const otherSid = crypto.randomUUID();
  await recordSession(sid, person.id);
  await recordSession(otherSid, person.id);
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: person.id } });
  await new OAuthRecordAdapter("Session").upsert(
    "provider-session-here",
    { jti: "x", uid: "u1", accountId: person.id },
    600,
  );
  await new OAuthRecordAdapter("Session").upsert(
    "provider-session-there",
    { jti: "y", uid: "u2", accountId: person.id },
    600,
  );
  await new OAuthRecordAdapter("Interaction").upsert(
    `interaction-${counter}`,
    { uid: `i-${counter}`, result: { login: { accountId: person.id } } },
    600,
  );
  await db.signInChallenge.create({
    data: {
      userId: person.id,
      tokenHash: `challenge-${counter}`,
      method: "password",
      expiresAt: new Date(Date.now() + 600_000),
    },
  });
  await db.webAuthnChallenge.create({
    data: {
      userId: person.id,
      challenge: `webauthn-${counter}`,
      purpose: "confirm",
      expiresAt: new Date(Date.now() + 600_000),
    },
  });
  const change = await createEmailLink({
    personId: person.id,
    purpose: "change-email",
    email: `thief-${counter}@example.test`,
    previousEmail: person.email,
  });
  const previousEmail = `before-${counter}@example.test`;
  const undo = await createEmailLink({
    personId: person.id,
    purpose: "undo-email-change",
    email: person.email,
    previousEmail,
  });
  const personal = await createToken(person, { name: "minted", scopes: ["articles:read"], expiresAt: null });
  if (!personal.ok) throw new Error("no token");
  const { appId } = await appOf(person);
  const grant = await grantOf(person, appId);
  // An agent's grant: for the MCP server, a family of its own as the person sees it (Connected apps).
  const agent = await grantOf(person, appId, "articles:read", { resource: MCP_RESOURCE() });
  const service = await serviceTokenOf(await admin(), appId);
  // "View as", both ways: an admin viewing as the person, and the person viewing as someone else
  // from their other session (as if they held the capability).
  const viewer = await someone("admin");
  const viewed = await someone();
  const soon = new Date(Date.now() + 600_000);
  await db.impersonation.create({
    data: { sid: crypto.randomUUID(), actorId: viewer.id, targetId: person.id, reason: "helping", endsAt: soon },
  });
  await db.impersonation.create({
    data: { sid: otherSid, actorId: person.id, targetId: viewed.id, reason: "helping", endsAt: soon },
  });
  return {
    sid,
    otherSid,
    sessionVersion,
    change,
    undo,
    previousEmail,
    personal: personal.token,
    appId,
    grant,
    agent,
    service,
  };
}

type Held = Awaited<ReturnType<typeof holdEverything>>;

/** Which families still work, as the checks that guard each one see it. */
async function stillWorking(person: { id: string }, held: Held) {
  const provider = await oauthProvider();
  const row = await db.user.findUnique({ where: { id: person.id }, select: { sessionVersion: true } });
  const live = (sid: string) => livePersonFor({ sub: person.id, sid, sv: held.sessionVersion });
  const providerSessions = await db.oAuthRecord.count({ where: { kind: "Session", accountId: person.id } });
  return {
    thisSession: Boolean(await live(held.sid)),
    otherSession: Boolean(await live(held.otherSid)),
    sessionVersionKept: row?.sessionVersion === held.sessionVersion,
    providerSessions,
    interaction: await db.oAuthRecord.count({ where: { kind: "Interaction", accountId: person.id } }),
    challenges:
      (await db.signInChallenge.count({ where: { userId: person.id } })) +
      (await db.webAuthnChallenge.count({ where: { userId: person.id } })),
    changeLink: typeof (await peekEmailLink(held.change.token, "change-email")) !== "string",
    undoLink: typeof (await peekEmailLink(held.undo.token, "undo-email-change")) !== "string",
    personalToken: !(await findTokenByHash(hashToken(held.personal)))?.revokedAt,
    appAccessToken: (await authenticateAppToken(held.grant.accessToken)).ok,
    refreshToken: Boolean(await provider.RefreshToken.find(held.grant.refreshToken)),
    code: Boolean(await provider.AuthorizationCode.find(held.grant.code)),
    deviceCode: Boolean(await provider.DeviceCode.find(held.grant.deviceCode)),
    grant: Boolean(await provider.Grant.find(held.grant.grantId)),
    agentToken: (await authenticateAppToken(held.agent.accessToken, MCP_RESOURCE())).ok,
    agentGrant: Boolean(await provider.Grant.find(held.agent.grantId)),
    serviceToken: Boolean(await provider.ClientCredentials.find(held.service)),
    serviceRole: Boolean((await db.oAuthApp.findUnique({ where: { id: held.appId } }))?.serviceRole),
    viewedBy: await db.impersonation.count({ where: { targetId: person.id, endedAt: null } }),
    viewing: await db.impersonation.count({ where: { actorId: person.id, endedAt: null } }),
  };
}

const API_ENDED = {
  personalToken: false,
  appAccessToken: false,
  refreshToken: false,
  code: false,
  deviceCode: false,
  grant: false,
  agentToken: false,
  agentGrant: false,
  serviceToken: false,
  serviceRole: false,
};
const API_KEPT = {
  personalToken: true,
  appAccessToken: true,
  refreshToken: true,
  code: true,
  deviceCode: true,
  grant: true,
  agentToken: true,
  agentGrant: true,
  serviceToken: true,
  serviceRole: true,
};
const SIGNED_OUT = {
  thisSession: false,
  otherSession: false,
  sessionVersionKept: false,
  providerSessions: 0,
  interaction: 0,
  challenges: 0,
  changeLink: false,
  undoLink: true,
  viewedBy: 0,
  viewing: 0,
};

describe("what every recovery path ends (issue 29's table)", () => {
  it("starts from a person for whom everything works", async () => {
    const person = await someone();
    const held = await holdEverything(person);
    expect(await stillWorking(person, held)).toEqual({
      thisSession: true,
      otherSession: true,
      sessionVersionKept: true,
      providerSessions: 2,
      interaction: 1,
      challenges: 2,
      changeLink: true,
      undoLink: true,
      viewedBy: 1,
      viewing: 1,
      ...API_KEPT,
    });
  });

  it("an admin's End sessions with the box unticked: sessions, sign-ins under way and links; API access stays", async () => {
    const person = await someone();
    const held = await holdEverything(person);
    expect(await endSessions(await admin(), person.id, { revokeTokens: false })).toMatchObject({ ok: true });
    expect(await stillWorking(person, held)).toEqual({ ...SIGNED_OUT, ...API_KEPT });
    // The admin's view of the person's sessions is what the server enforces (UX issue, item 2).
    expect(await db.signedInSession.count({ where: { userId: person.id, endedAt: null } })).toBe(0);
  });

  it("an admin's End sessions with the box ticked: everything, app grants included", async () => {
    const person = await someone();
    const held = await holdEverything(person);
    const result = await endSessions(await admin(), person.id, { revokeTokens: true });
    expect(result).toMatchObject({
      ok: true,
      message: expect.stringContaining("1 API token and 1 app's access were revoked"),
    });
    expect(await stillWorking(person, held)).toEqual({ ...SIGNED_OUT, ...API_ENDED });
  });

  it("disabling a person ends everything, and enabling them brings nothing back", async () => {
    const person = await someone();
    const held = await holdEverything(person);
    const by = await admin();
    await setDisabled(by, person.id, true);
    await setDisabled(by, person.id, false);
    expect(await stillWorking(person, held)).toEqual({ ...SIGNED_OUT, ...API_ENDED });
  });

  it("a password reset by mailed link ends every session, and API access when the box stays ticked", async () => {
    for (const revokeApiAccess of [true, false]) {
      const person = await someone();
      const held = await holdEverything(person);
      const link = await createEmailLink({ personId: person.id, purpose: "reset-password", email: person.email });
      expect(await resetPassword(link.token, "amber-lantern-quartz-77", { revokeApiAccess })).toEqual({
        email: person.email,
      });
      expect(await stillWorking(person, held)).toEqual({ ...SIGNED_OUT, ...(revokeApiAccess ? API_ENDED : API_KEPT) });
    }
  });

  it("a password change that signs out the other sessions keeps this browser's, and the API box decides the rest", async () => {
    for (const revokeApiAccess of [true, false]) {
      const person = await someone();
      const held = await holdEverything(person);
      const change = await changePassword(person, {
        currentPassword: PASSWORD,
        password: "amber-lantern-quartz-77",
        signOutOthers: true,
        revokeApiAccess,
      });
      expect(change).toMatchObject({ ok: true, ended: { sessions: 2 } });
      // Outside a request there is no "this browser": both sessions end, the version stays.
      expect(await stillWorking(person, held)).toEqual({
        ...SIGNED_OUT,
        sessionVersionKept: true,
        ...(revokeApiAccess ? API_ENDED : API_KEPT),
      });
    }
  });

  it("the email-change undo link ends everything but itself", async () => {
    const person = await someone();
    const held = await holdEverything(person);
    expect(await undoEmailChange(held.undo.token)).toEqual({ email: held.previousEmail });
    expect(await stillWorking(person, held)).toEqual({ ...SIGNED_OUT, undoLink: false, ...API_ENDED });
  });

  it("an admin's two-step reset ends sessions and sign-ins under way; API access stays", async () => {
    const person = await someone();
    const held = await holdEverything(person);
    await db.passkey.create({ data: { id: `pk-${counter}`, userId: person.id, name: "key", publicKey: "x" } });
    expect(await resetSecondFactor(person.id)).toBe(true);
    expect(await stillWorking(person, held)).toEqual({ ...SIGNED_OUT, ...API_KEPT });
  });

  it("deleting the account leaves no row of the OAuth server that names the person", async () => {
    const person = await someone();
    const held = await holdEverything(person);
    expect(await deleteAccount(person, PASSWORD)).toEqual({ ok: true });
    expect(
      await db.oAuthRecord.count({ where: { OR: [{ accountId: person.id }, { grantId: held.grant.grantId }] } }),
    ).toBe(0);
    expect(await db.oAuthRecord.count({ where: { clientId: held.appId } })).toBe(0);
  });
});

describe("the list of credential families", () => {
  it("names every model that references a person, as ended or exempt with a reason", () => {
    const referencing = Prisma.dmmf.datamodel.models
      .filter((model) => model.name !== "User" && model.fields.some((field) => field.type === "User"))
      .map((model) => model.name)
      .sort();
    expect(Object.keys(PERSON_MODELS).sort()).toEqual(referencing);
  });

  it("names every kind of record the OAuth server keeps, as ended or exempt with a reason", async () => {
    const provider = await oauthProvider();
    // Every model the provider stores through an adapter is a class on the instance with an adapter.
    const kinds = Object.getOwnPropertyNames(Object.getPrototypeOf(provider))
      .concat(Object.getOwnPropertyNames(provider))
      .filter((name) => /^[A-Z]/.test(name))
      .filter((name) => {
        const model = (provider as unknown as Record<string, { adapter?: unknown }>)[name];
        return typeof model === "function" && "adapter" in model && name !== "BaseToken";
      });
    expect(kinds.length).toBeGreaterThan(8);
    expect(Object.keys(OAUTH_RECORD_KINDS).sort()).toEqual(expect.arrayContaining(kinds.sort()));
  });
});

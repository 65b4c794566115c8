import type { Prisma } from "@prisma/client";
import { storedRecordId } from "@/lib/auth/oauth-server/adapter";
import { revokeAllTokensOf } from "@/lib/tokens/queries";

// What every recovery path ends (an admin's "End sessions", disabling, a password reset or change,
// the email-change undo link, an admin's two-step reset, deleting the account), in one place. A path
// that promises "signed out everywhere" or "API access revoked" calls endAccess and nothing else, so
// a credential family added later is ended by all of them at once, or by none: the test in
// tests/integration/end-access.test.ts fails until a new family is listed here, ended or exempt.

type Tx = Prisma.TransactionClient;

export type AccessEnding = {
  /** Also personal tokens, app grants with their access and refresh tokens, pending device codes. */
  apiAccess: boolean;
  /** This browser's sessions, which stay (a password change that signs out the *other* sessions). */
  keep?: { sid: string | null; providerSession: string | null };
};

export type EndedAccess = {
  sessions: number;
  /** "View as" viewings ended: of the person, and by them from a session that ended. */
  viewings: number;
  providerSessions: number;
  challenges: number;
  emailLinks: number;
  tokens: number;
  grants: number;
};

// The provider's records that act for a person once the authorization is done. Sessions and pending
// interactions end with the Gatehouse sessions; the rest only with API access.
const PROVIDER_SESSION_KINDS = ["Session", "Interaction"];
const GRANT_KINDS = ["Grant", "AccessToken", "RefreshToken", "AuthorizationCode", "DeviceCode"];

// The undo link is the rightful owner's way back after someone changed their address: it goes to the
// old address, and following it ends everything below. Ending it would hand the account to whoever
// changed the address.
const ENDED_LINK_PURPOSES = ["verify-email", "reset-password", "change-email"];

/**
 * Ends what a recovery path promises, for every credential family, in the caller's transaction. With
 * nothing kept, the session version moves on too, so a JWT whose row was never recorded ends as well.
 */
export async function endAccess(tx: Tx, personId: string, ending: AccessEnding): Promise<EndedAccess> {
  const now = new Date();
  const keepSid = ending.keep?.sid ?? null;
  const keepProvider = ending.keep?.providerSession ?? null;
  if (!ending.keep) await tx.user.update({ where: { id: personId }, data: { sessionVersion: { increment: 1 } } });
  const sessions = await tx.signedInSession.updateMany({
    where: { userId: personId, endedAt: null, ...(keepSid ? { sid: { not: keepSid } } : {}) },
    data: { endedAt: now },
  });
  const providerSessions = await tx.oAuthRecord.deleteMany({
    where: {
      kind: { in: PROVIDER_SESSION_KINDS },
      accountId: personId,
      ...(keepProvider ? { NOT: { kind: "Session", id: storedRecordId("Session", keepProvider) } } : {}),
    },
  });
  // "View as": someone viewing as this person stops (whoever ends a person's access ends theirs as
  // seen by others too), and so does their own viewing of others from a session that ends.
  const viewings = await tx.impersonation.updateMany({
    where: {
      endedAt: null,
      OR: [{ targetId: personId }, { actorId: personId, ...(keepSid ? { sid: { not: keepSid } } : {}) }],
    },
    data: { endedAt: now },
  });
  const signIn = await tx.signInChallenge.deleteMany({ where: { userId: personId } });
  const webAuthn = await tx.webAuthnChallenge.deleteMany({ where: { userId: personId } });
  const emailLinks = await tx.emailLink.updateMany({
    where: { userId: personId, usedAt: null, purpose: { in: ENDED_LINK_PURPOSES } },
    data: { usedAt: now },
  });
  const ended: EndedAccess = {
    sessions: sessions.count,
    viewings: viewings.count,
    providerSessions: providerSessions.count,
    challenges: signIn.count + webAuthn.count,
    emailLinks: emailLinks.count,
    tokens: 0,
    grants: 0,
  };
  return ending.apiAccess ? { ...ended, ...(await endApiAccess(tx, personId)) } : ended;
}

/** "2 API tokens and 1 app's access were revoked", or null when there was nothing to revoke. */
export function revokedApiAccess({ tokens, grants }: { tokens: number; grants: number }): string | null {
  const parts: string[] = [];
  if (tokens) parts.push(`${tokens} API token${tokens === 1 ? "" : "s"}`);
  if (grants) parts.push(grants === 1 ? "1 app's access" : `${grants} apps' access`);
  if (parts.length === 0) return null;
  return `${parts.join(" and ")} ${tokens + grants === 1 ? "was" : "were"} revoked`;
}

/** Personal tokens, and every app's access the person gave, with what was issued under it. */
export async function endApiAccess(tx: Tx, personId: string): Promise<{ tokens: number; grants: number }> {
  const tokens = await revokeAllTokensOf(personId, tx);
  const grants = await endGrantsOf(tx, personId);
  await endServiceAccessOfAppsOwnedBy(tx, personId);
  return { tokens, grants };
}

/**
 * Every grant the person gave, with every code and token issued under it; returns how many apps had
 * access (an app may hold two grants: one for the REST API, one for the MCP server).
 */
async function endGrantsOf(tx: Tx, personId: string): Promise<number> {
  const grants = await tx.oAuthRecord.findMany({
    where: { kind: "Grant", accountId: personId },
    select: { id: true, clientId: true },
  });
  const grantIds = grants.map((grant) => grant.id);
  await tx.oAuthRecord.deleteMany({
    where: {
      OR: [
        { kind: { in: GRANT_KINDS }, accountId: personId },
        ...(grantIds.length ? [{ grantId: { in: grantIds } }] : []),
      ],
    },
  });
  return new Set(grants.map((grant) => grant.clientId)).size;
}

// An app's own tokens (client credentials) carry its service role, and the app is the person's: once
// the owner's API access ends, so do they. The service role itself is suspended too (an admin gives it
// again): whoever held the account may have added a secret to the app, and with the role that secret
// would mint new tokens at once.
async function endServiceAccessOfAppsOwnedBy(tx: Tx, personId: string): Promise<void> {
  const apps = await tx.oAuthApp.findMany({ where: { ownerId: personId }, select: { id: true } });
  if (apps.length === 0) return;
  const ids = apps.map((app) => app.id);
  await tx.oAuthRecord.deleteMany({ where: { kind: "ClientCredentials", clientId: { in: ids } } });
  await tx.oAuthApp.updateMany({ where: { id: { in: ids }, serviceRole: { not: null } }, data: { serviceRole: null } });
}

/**
 * Deleting an account: the rows that reference the person go with it (foreign keys), and so must the
 * provider's records, which name the person only by id.
 */
export async function deleteAccessOf(tx: Tx, personId: string): Promise<void> {
  await endServiceAccessOfAppsOwnedBy(tx, personId);
  await endGrantsOf(tx, personId);
  await tx.oAuthRecord.deleteMany({ where: { accountId: personId } });
}

/** Each model that references a person: how endAccess ends it, or why it is left alone. */
export const PERSON_MODELS: Record<string, { ends: string } | { exempt: string }> = {
  SignedInSession: { ends: "every path (a password change keeps this browser's)" },
  SignInChallenge: { ends: "every path" },
  WebAuthnChallenge: { ends: "every path" },
  EmailLink: { ends: "every path, but the undo link of an email change (the owner's way back)" },
  ApiToken: { ends: "paths that end API access" },
  OAuthApp: {
    exempt:
      "an app is configuration, not a credential; its service role and service tokens end with its owner's API access, and it stops while its owner is disabled",
  },
  Account: { exempt: "a linked sign-in method, like the password: how the person gets back in" },
  TotpFactor: { exempt: "a sign-in factor: an admin's two-step reset removes it" },
  RecoveryCode: { exempt: "a sign-in factor: an admin's two-step reset removes it" },
  Passkey: { exempt: "a sign-in factor: an admin's two-step reset removes it" },
  Session: { exempt: "Auth.js's database sessions; Gatehouse's sessions are JWTs, so the table stays empty" },
  Article: { exempt: "content, not a credential" },
  Impersonation: {
    ends: "every path: anyone viewing as the person, and the person's own viewing from a session that ends",
  },
};

/** Each kind of the OAuth server's records: how endAccess ends it, or why it is left alone. */
export const OAUTH_RECORD_KINDS: Record<string, { ends: string } | { exempt: string }> = {
  Session: { ends: "every path (a password change keeps this browser's)" },
  Interaction: { ends: "every path: an authorization under way" },
  Grant: {
    ends: "paths that end API access, with everything issued under it: an app's for the REST API and an agent's for the MCP server alike (MCP keeps no sessions of its own)",
  },
  AccessToken: { ends: "paths that end API access" },
  RefreshToken: { ends: "paths that end API access" },
  AuthorizationCode: { ends: "paths that end API access" },
  DeviceCode: { ends: "paths that end API access (approved, not yet redeemed)" },
  ClientCredentials: {
    ends: "paths that end API access, for the apps the person owns (their service role is suspended too)",
  },
  BackchannelAuthenticationRequest: { exempt: "CIBA is not switched on" },
  PreAuthorizedCode: { exempt: "OpenID for Verifiable Credential Issuance is not switched on" },
  PushedAuthorizationRequest: { exempt: "names no person: a request before anyone signs in" },
  ReplayDetection: { exempt: "names no person: DPoP proofs and client assertions seen" },
  Client: { exempt: "not stored: apps are read from OAuthApp" },
  InitialAccessToken: { exempt: "dynamic registration is not switched on" },
  RegistrationAccessToken: { exempt: "dynamic registration is not switched on" },
};

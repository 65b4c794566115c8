import "server-only";
import type { JWT } from "next-auth/jwt";
import { capabilitiesOf, mustEnrolSecondFactor, parseSecondFactorChoices, type Capability } from "@/lib/auth/policy";
import { storedCapabilities } from "@/lib/roles/queries";
import type { Viewing } from "@/lib/impersonation/queries";
import { endViewingsFrom } from "@/lib/impersonation/commands";
import { SECOND_FACTOR_ROLES_SETTING } from "@/lib/settings/queries";
import { db } from "@/lib/db";
import { queryRows } from "@/lib/db-rows";
import { env } from "@/lib/env";
import { requestContext } from "@/lib/http/request-context";
import type { SessionPersonRow } from "@/lib/people/queries";

// One rule: is this session JWT still a live session? Each sign-in gets a row in SignedInSession,
// named by the sid in its JWT. A JWT cannot be recalled, so every Node-side read of a session asks
// the database, in one query for the session and its person: the answer is no when there is no row
// (the session was never recorded, or is long expired), when it was ended (signed out, or ended by
// its owner or an admin), when the person is gone or disabled, or when their sessions were all ended
// at once (sessionVersion moved on).

const LAST_SEEN_PRECISION_MS = 60_000;

export type LivePerson = SessionPersonRow & {
  /** What the person's role carries now: a built-in role's from the code, a custom role's as stored. */
  capabilities: readonly Capability[];
  /** The role requires a second factor the person has not set up (lib/auth/policy.ts decides). */
  secondFactorMissing: boolean;
  hasSecondFactor: boolean;
  /** When this session last proved who its person is: its sign-in, or a later confirmation. */
  authenticatedAt: Date;
  /**
   * The "View as" in force from this session (lib/impersonation), if any. The session is still this
   * person's: getCurrentPerson shows pages as the one viewed, read-only; everything else (the jwt
   * callback, linking a provider) sees the person who signed in.
   */
  viewingAs: Viewing | null;
};

export type { Viewing };

/**
 * The person a decoded session JWT stands for, as the database sees them now; null when that
 * session must count as signed out.
 */
export async function livePersonFor(token: Pick<JWT, "sub" | "sid" | "sv">): Promise<LivePerson | null> {
  if (typeof token.sid !== "string" || typeof token.sub !== "string") return null;
  // Hand-written SQL sent straight to the driver adapter on purpose: this runs on every signed-in
  // request, and Prisma's model query costs 0.41 ms for this read, its raw query 0.17 ms, against
  // well under 0.1 ms for the statement itself (lib/db-rows.ts, bench/profile.ts).
  const rows = await queryRows<SessionRow>`
    SELECT s."userId", s."endedAt", s."expiresAt", s."lastSeenAt", s."createdAt", s."reauthenticatedAt",
           u."id", u."email", u."name", u."role", u."disabledAt", u."sessionVersion", u."emailVerified",
           (SELECT r."capabilities" FROM "Role" r WHERE r."name" = u."role") AS "roleCapabilities",
           (SELECT COUNT(*) FROM "TotpFactor" t WHERE t."userId" = u."id" AND t."confirmedAt" IS NOT NULL)
             + (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u."id") AS "secondFactors",
           (SELECT g."value" FROM "Setting" g WHERE g."key" = ${SECOND_FACTOR_ROLES_SETTING}) AS "secondFactorRoles",
           i."id" AS "viewingId", i."targetId" AS "viewingTargetId", i."reason" AS "viewingReason",
           i."startedAt" AS "viewingStartedAt", i."endsAt" AS "viewingEndsAt"
    FROM "SignedInSession" s JOIN "User" u ON u."id" = s."userId"
    LEFT JOIN "Impersonation" i ON i."sid" = s."sid" AND i."endedAt" IS NULL
    WHERE s."sid" = ${token.sid}`;
  const session = rows[0];
  const now = Date.now();
  if (!session || session.endedAt || session.userId !== token.sub || session.expiresAt.getTime() <= now) return null;
  if (session.disabledAt || Number(session.sessionVersion) !== token.sv) return null;
  // A role that is none (a custom role deleted under its holder's feet) carries nothing: signed out.
  const capabilities = capabilitiesOf({
    role: session.role,
    capabilities: storedCapabilities(session.roleCapabilities),
  });
  if (!capabilities) return null;
  // "Last seen" for the person's list of sessions, written at most once a minute.
  if (now - session.lastSeenAt.getTime() > LAST_SEEN_PRECISION_MS) {
    await db.signedInSession.updateMany({ where: { sid: token.sid }, data: { lastSeenAt: new Date(now) } });
  }
  const hasSecondFactor = Number(session.secondFactors) > 0;
  const reauthenticatedAt = session.reauthenticatedAt?.getTime() ?? 0;
  return {
    id: session.id,
    email: session.email,
    name: session.name,
    role: session.role,
    capabilities,
    disabledAt: session.disabledAt,
    sessionVersion: Number(session.sessionVersion),
    emailVerified: session.emailVerified,
    hasSecondFactor,
    secondFactorMissing: mustEnrolSecondFactor(
      { role: session.role, capabilities, hasSecondFactor },
      parseSecondFactorChoices(session.secondFactorRoles),
    ),
    authenticatedAt: new Date(Math.max(session.createdAt.getTime(), reauthenticatedAt)),
    viewingAs: session.viewingId
      ? {
          id: session.viewingId,
          targetId: String(session.viewingTargetId),
          reason: String(session.viewingReason),
          startedAt: new Date(session.viewingStartedAt!),
          endsAt: new Date(session.viewingEndsAt!),
        }
      : null,
  };
}

type SessionRow = SessionPersonRow & {
  userId: string;
  endedAt: Date | null;
  expiresAt: Date;
  lastSeenAt: Date;
  createdAt: Date;
  reauthenticatedAt: Date | null;
  roleCapabilities: string | null;
  viewingId: string | null;
  viewingTargetId: string | null;
  viewingReason: string | null;
  viewingStartedAt: Date | null;
  viewingEndsAt: Date | null;
  secondFactors: number | bigint;
  secondFactorRoles: string | null;
};

/** Notes that this session's person proved who they are just now (for actions that need it recent). */
export async function markReauthenticated(sid: string): Promise<void> {
  await db.signedInSession.updateMany({ where: { sid, endedAt: null }, data: { reauthenticatedAt: new Date() } });
}

/** Records a new session at sign-in, with where it was signed in from and how (the Auth.js provider). */
export async function recordSession(sid: string, personId: string, signedInWith?: string): Promise<void> {
  const { ip, userAgent } = await requestContext();
  await db.signedInSession.create({
    data: {
      sid,
      userId: personId,
      ip,
      userAgent,
      signedInWith: signedInWith?.slice(0, 40) ?? null,
      expiresAt: new Date(Date.now() + env.SESSION_ABSOLUTE_MAX_AGE_SECONDS * 1000),
    },
  });
  // Forget sessions whose JWTs have expired by now; the index keeps this cheap.
  await db.signedInSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}

/** Ends one session for good: a copy of its cookie is refused from the next request on. */
export async function endSession(sid: string): Promise<void> {
  await db.signedInSession.updateMany({ where: { sid, endedAt: null }, data: { endedAt: new Date() } });
  // A "View as" from it ends with it, recorded as such (the person viewed sees it end).
  await endViewingsFrom(sid);
}

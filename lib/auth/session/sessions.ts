import "server-only";
import { endViewingsFrom } from "@/lib/impersonation/commands";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// A person's sessions, as they and admins see them. Enforcement is elsewhere: livePersonFor() refuses
// a cookie whose session row is ended, so ending a row here signs that browser out on its next request.

export type SessionRow = {
  sid: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  signedInWith: string | null;
};

const rowSelect = {
  sid: true,
  createdAt: true,
  lastSeenAt: true,
  ip: true,
  userAgent: true,
  signedInWith: true,
} as const;

/** How a session signed in, in words ("with a password and a second step"); null when not recorded. */
export function signedInWithWords(signedInWith: string | null): string | null {
  switch (signedInWith) {
    case null:
      return null;
    case "credentials":
      return "with a password";
    case "second-factor":
      return "with a password and a second step";
    case "passkey":
      return "with a passkey";
    case "github":
      return "with GitHub";
    case "google":
      return "with Google";
    case "oidc":
      return `with ${env.AUTH_OIDC_NAME ?? "single sign-on"}`;
    default:
      return null;
  }
}

/** The sessions still signed in, most recently active first. */
export function listSessions(personId: string): Promise<SessionRow[]> {
  return db.signedInSession.findMany({
    where: { userId: personId, endedAt: null, expiresAt: { gt: new Date() } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: rowSelect,
    take: 100,
  });
}

/** Ends one of the person's sessions; null when it is not theirs or already ended. */
export async function endOneSession(personId: string, sid: string): Promise<SessionRow | null> {
  const row = await db.signedInSession.findFirst({
    where: { sid, userId: personId, endedAt: null },
    select: rowSelect,
  });
  if (!row) return null;
  const { count } = await db.signedInSession.updateMany({
    where: { sid, userId: personId, endedAt: null },
    data: { endedAt: new Date() },
  });
  if (count === 1) await endViewingsFrom(sid);
  return count === 1 ? row : null;
}

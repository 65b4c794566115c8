import "server-only";
import { db } from "@/lib/db";

// A person's sessions, as they and admins see them. Enforcement is elsewhere: livePersonFor() refuses
// a cookie whose session row is ended, so ending a row here signs that browser out on its next request.

export type SessionRow = {
  sid: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
};

/** The sessions still signed in, most recently active first. */
export function listSessions(personId: string): Promise<SessionRow[]> {
  return db.signedInSession.findMany({
    where: { userId: personId, endedAt: null, expiresAt: { gt: new Date() } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { sid: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
    take: 100,
  });
}

/** Ends one of the person's sessions; null when it is not theirs or already ended. */
export async function endOneSession(personId: string, sid: string): Promise<SessionRow | null> {
  const row = await db.signedInSession.findFirst({
    where: { sid, userId: personId, endedAt: null },
    select: { sid: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
  if (!row) return null;
  const { count } = await db.signedInSession.updateMany({
    where: { sid, userId: personId, endedAt: null },
    data: { endedAt: new Date() },
  });
  return count === 1 ? row : null;
}

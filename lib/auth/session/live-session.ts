import "server-only";
import type { JWT } from "next-auth/jwt";
import { isRole, type Role } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { findPersonForSession, type SessionPersonRow } from "@/lib/people/queries";

// One rule: is this session JWT still a live session? A JWT cannot be recalled, so every Node-side
// read of a session asks the database. The answer is no when the person is gone or disabled, when
// their sessions were ended (sessionVersion moved on), or when this very session was signed out (its
// sid is remembered in EndedSession until the JWT could no longer be valid anyway).

/**
 * The person a decoded session JWT stands for, as the database sees them now; null when that
 * session must count as signed out.
 */
export async function livePersonFor(
  token: Pick<JWT, "sub" | "sid" | "sv">,
): Promise<(SessionPersonRow & { role: Role }) | null> {
  const [person, ended] = await Promise.all([
    token.sub ? findPersonForSession(token.sub) : null,
    typeof token.sid === "string" ? isSessionEnded(token.sid) : true,
  ]);
  if (ended || !person || person.disabledAt || person.sessionVersion !== token.sv || !isRole(person.role)) return null;
  return { ...person, role: person.role };
}

/** Remembers that the session `sid` has ended, for as long as its JWT could still be presented. */
export async function endSession(sid: string): Promise<void> {
  const expiresAt = new Date(Date.now() + env.SESSION_ABSOLUTE_MAX_AGE_SECONDS * 1000);
  await db.endedSession.upsert({ where: { sid }, create: { sid, expiresAt }, update: {} });
  // Forget entries whose tokens have expired by now; the index keeps this cheap.
  await db.endedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}

async function isSessionEnded(sid: string): Promise<boolean> {
  return (await db.endedSession.findUnique({ where: { sid }, select: { sid: true } })) !== null;
}

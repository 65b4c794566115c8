import { db } from "@/lib/db";
import { env } from "@/lib/env";

/** Remembers that the session `sid` has ended, for as long as its JWT could still be presented. */
export async function endSession(sid: string): Promise<void> {
  const expiresAt = new Date(Date.now() + env.SESSION_ABSOLUTE_MAX_AGE_SECONDS * 1000);
  await db.endedSession.upsert({ where: { sid }, create: { sid, expiresAt }, update: {} });
  // Forget entries whose tokens have expired by now; the index keeps this cheap.
  await db.endedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}

export async function isSessionEnded(sid: string): Promise<boolean> {
  return (await db.endedSession.findUnique({ where: { sid }, select: { sid: true } })) !== null;
}

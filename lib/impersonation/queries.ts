import { db } from "@/lib/db";

/** One viewing in force, as the session read finds it (lib/auth/session/live-session.ts). */
export type Viewing = { id: string; targetId: string; reason: string; startedAt: Date; endsAt: Date };

// "View as" records (lib/impersonation/commands.ts starts and stops them). The one in force for a
// session is read with the session on every request (lib/auth/session/live-session.ts).

/** Who viewed Gatehouse as this person, newest first, and whether it goes on: their sessions page lists it. */
export async function impersonationsOf(targetId: string, take = 20) {
  const rows = await db.impersonation.findMany({
    where: { targetId },
    orderBy: { startedAt: "desc" },
    take,
    select: { id: true, reason: true, startedAt: true, endsAt: true, endedAt: true, actorId: true },
  });
  const now = Date.now();
  return rows.map((row) => ({ ...row, inForce: !row.endedAt && row.endsAt.getTime() > now }));
}

/** For the sessions page of the person viewed: who it was, by name. */
export async function viewerNames(ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.user.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, name: true, email: true },
  });
  return new Map(rows.map((row) => [row.id, row.name ?? row.email]));
}

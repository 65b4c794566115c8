import { recordAuditIn } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";

// An agent's read calls (MCP tools that change nothing) are audited as one entry per grant and
// hour, with a count, not one per call: an agent reading all day would bury everything else. Each
// call adds one to its grant's tally for the hour; once the hour has ended, its tally becomes an
// entry (app.read_calls, the person as actor, through the app) in the same transaction that removes
// it, so a count is written once whichever instance closes it. Hours are closed by the first read
// call on this instance after the hour turns, and before the audit log is shown or exported, so an
// admin never reads a log missing an hour that has ended.

const HOUR_MS = 3600_000;
const CLOSED_PER_ROUND = 200;

const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

let closedBefore = 0;

/** One read call through the grant `grantId`, now. */
export async function tallyRead(call: { grantId: string; appId: string; personId: string; via: string }) {
  const hour = hourOf(new Date());
  await db.readTally.upsert({
    where: { grantId_hour: { grantId: call.grantId, hour } },
    create: { ...call, hour, count: 1 },
    update: { count: { increment: 1 } },
  });
  if (closedBefore < hour.getTime()) {
    closedBefore = hour.getTime();
    await closeEndedHours();
  }
}

/** Turns every tally of an hour that has ended into its audit entry. */
export async function closeEndedHours(now = new Date()): Promise<void> {
  const before = hourOf(now);
  for (;;) {
    const closed = await serializable(async (tx) => {
      const ended = await tx.readTally.findMany({
        where: { hour: { lt: before } },
        orderBy: [{ hour: "asc" }, { grantId: "asc" }],
        take: CLOSED_PER_ROUND,
      });
      if (ended.length === 0) return 0;
      const people = await tx.user.findMany({
        where: { id: { in: [...new Set(ended.map((tally) => tally.personId))] } },
        select: { id: true, email: true },
      });
      const byId = new Map(people.map((person) => [person.id, person]));
      for (const tally of ended) {
        await recordAuditIn(
          tx,
          {
            action: "app.read_calls",
            actor: byId.get(tally.personId) ?? { id: tally.personId, email: "" },
            after: {
              app: tally.appId,
              via: tally.via,
              grant: tally.grantId,
              hour: tally.hour.toISOString(),
              count: tally.count,
            },
          },
          // Not the request that happens to close the hour: the calls came from the agent.
          { ip: null, userAgent: null },
        );
        await tx.readTally.delete({ where: { grantId_hour: { grantId: tally.grantId, hour: tally.hour } } });
      }
      return ended.length;
    });
    if (closed < CLOSED_PER_ROUND) return;
  }
}

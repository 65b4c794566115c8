import { recordAuditIn } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { serializable } from "@/lib/db-transaction";
import { onShutdown } from "@/lib/server/shutdown";

// An agent's read calls (MCP tools that change nothing) are audited as one entry per grant and
// hour, with a count, not one per call: an agent reading all day would bury everything else. Calls
// are counted in memory and added to their grant's tally for the hour in the database every few
// seconds (a write per read would make every read wait for the database's write lock), and on
// shutdown; a crash loses at most those seconds' count. Once the hour has ended, its tally becomes
// an entry (app.read_calls, the person as actor, through the app) in the same transaction that
// removes it, so a count is written once whichever instance closes it. Hours are closed by the
// first flush on this instance after the hour turns, and before the audit log is shown or exported,
// so an admin never reads a log missing an hour that has ended.

const HOUR_MS = 3600_000;
const CLOSED_PER_ROUND = 200;

const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

const FLUSH_AFTER_MS = 5_000;

type ReadCall = { grantId: string; appId: string; personId: string; via: string };
type Counted = ReadCall & { hour: Date; count: number };

// Kept on globalThis, so the parts of the server that Next bundles apart count in one place.
type Tallies = {
  counted: Map<string, Counted>;
  timer?: NodeJS.Timeout;
  flushing: Promise<unknown>;
  closedBefore: number;
};
const SLOT = Symbol.for("gatehouse.readTallies");
const slots = globalThis as Record<symbol, Tallies | undefined>;

function tallies(): Tallies {
  let state = slots[SLOT];
  if (!state) {
    state = { counted: new Map(), flushing: Promise.resolve(), closedBefore: 0 };
    slots[SLOT] = state;
    const self = state;
    onShutdown("read tallies", () => flushReads(self), "work");
  }
  return state;
}

/** One read call through the grant `grantId`, now: counted here, written within a few seconds. */
export function tallyRead(call: ReadCall): void {
  const state = tallies();
  const hour = hourOf(new Date());
  const key = `${call.grantId} ${hour.getTime()}`;
  const counted = state.counted.get(key);
  if (counted) counted.count += 1;
  else state.counted.set(key, { ...call, hour, count: 1 });
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    void flushReads(state).catch((error: unknown) =>
      console.error("[audit] counting read calls failed", error instanceof Error ? error.message : error),
    );
  }, FLUSH_AFTER_MS);
  state.timer.unref();
}

/** Adds what this process counted to the tallies in the database; closes ended hours once per hour. */
function flushReads(state: Tallies): Promise<unknown> {
  const next = state.flushing
    .catch(() => undefined)
    .then(async () => {
      const batch = [...state.counted.values()];
      state.counted.clear();
      for (const [index, { count, ...call }] of batch.entries()) {
        try {
          await db.readTally.upsert({
            where: { grantId_hour: { grantId: call.grantId, hour: call.hour } },
            create: { ...call, count },
            update: { count: { increment: count } },
          });
        } catch (error) {
          // The database is away: what was not written is counted again, for the next flush.
          for (const unwritten of batch.slice(index)) {
            const key = `${unwritten.grantId} ${unwritten.hour.getTime()}`;
            const counted = state.counted.get(key);
            if (counted) counted.count += unwritten.count;
            else state.counted.set(key, unwritten);
          }
          throw error;
        }
      }
      const hour = hourOf(new Date()).getTime();
      if (state.closedBefore < hour) {
        state.closedBefore = hour;
        await closeCounted(new Date(hour));
      }
    });
  state.flushing = next;
  return next;
}

/** Turns every tally of an hour that has ended (before `now`'s hour) into its audit entry. */
export async function closeEndedHours(now = new Date()): Promise<void> {
  const state = tallies();
  clearTimeout(state.timer);
  state.timer = undefined;
  await flushReads(state);
  await closeCounted(now);
}

async function closeCounted(now: Date): Promise<void> {
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

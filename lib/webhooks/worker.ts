import "server-only";
import { ensureSealer } from "@/lib/audit/sealer";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { holdLease, PROCESS_HOLDER, releaseLease } from "@/lib/server/lease";
import { onShutdown } from "@/lib/server/shutdown";
import { recordOutcomes, sendOnce, type DeliveryOptions, type Outcome } from "@/lib/webhooks/deliver";
import { chainHead, queueFor } from "@/lib/webhooks/queue";

// Delivery runs inside the app's instances: every instance runs this worker, and the one holding
// the "webhooks" lease (lib/server/lease.ts) works; the others wait to take over if it stops. A round
// queues what was sealed since the last one (lib/webhooks/queue.ts) and delivers what is due, for
// each endpoint the oldest event first and the next only once it is delivered (in order per
// endpoint), endpoints side by side. It runs every second: an event goes out about a second after
// its change, and a burst of changes is delivered in runs (read together, recorded together), so the
// requests that make them share the machine with less of it.

const LEASE = "webhooks";
const LEASE_MS = 30_000;
/** Renewed once less than this is left, so a holder writes the lease every ~10 s, not per delivery. */
const RENEW_BELOW_MS = 20_000;
const EVERY_MS = 1_000;
/** One round delivers for at most this long, so queueing and the lease keep their pace. */
const ROUND_MS = 10_000;
/** Deliveries read, sent one after another, and recorded together, per endpoint. */
const RUN = 50;
/** How often a run makes sure its endpoint still exists and is not paused. */
const CHECK_MS = 250;

export type WorkerOptions = DeliveryOptions & { holder: string };

/** Until when each holder in this process knows it holds the lease (renewed only near the end). */
const heldUntil = new Map<string, number>();

/** Whether `holder` holds the lease: known for 10 s after each renewal, renewed after that. */
async function holding(holder: string): Promise<boolean> {
  const now = Date.now();
  if ((heldUntil.get(holder) ?? 0) - now > RENEW_BELOW_MS) return true;
  if (!(await holdLease(LEASE, holder, LEASE_MS, new Date(now)))) {
    heldUntil.delete(holder);
    return false;
  }
  heldUntil.set(holder, now + LEASE_MS);
  return true;
}

/** Delivered events are kept this long in the delivery log, then deleted (their attempts with them). */
const KEPT_MS = 30 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
let prunedAt = 0;

/** Deletes delivered events past KEPT_MS, once an hour, by the lease holder. */
async function pruneNow(): Promise<void> {
  if (Date.now() - prunedAt < PRUNE_EVERY_MS) return;
  prunedAt = Date.now();
  await db.webhookDelivery.deleteMany({
    where: { status: "delivered", deliveredAt: { lt: new Date(prunedAt - KEPT_MS) } },
  });
}

export type RoundResult = { held: boolean; queued: number; delivered: number };

/**
 * One round: if any endpoint is active and this holder has the lease, queue new events, then deliver
 * what is due. Exported for tests and scripts, which call it with their own holder name and schedule.
 */
export async function runWebhookRound(options: WorkerOptions): Promise<RoundResult> {
  const endpoints = await db.webhookEndpoint.findMany({ where: { pausedAt: null } });
  if (endpoints.length === 0) return { held: false, queued: 0, delivered: 0 };
  const stillHeld = () => holding(options.holder);
  if (!(await stillHeld())) return { held: false, queued: 0, delivered: 0 };
  const head = await chainHead();
  let queued = 0;
  for (const endpoint of endpoints) queued += await queueFor(endpoint, head);
  const deadline = Date.now() + ROUND_MS;
  // Endpoints side by side; one that fails (deleted mid-run, a database error) stops only itself,
  // and the round ends when every endpoint's run has, so two rounds never overlap.
  const delivered = await Promise.allSettled(
    endpoints.map(async (endpoint) => {
      let count = 0;
      while (Date.now() < deadline) {
        // The next events in order, while the endpoint still exists and is not paused; a run stops
        // at the first that is not due or fails.
        const due = await db.webhookDelivery.findMany({
          where: { endpointId: endpoint.id, status: "pending", endpoint: { pausedAt: null } },
          orderBy: { seq: "asc" },
          take: RUN,
          select: { id: true, payload: true, attempts: true, type: true, nextAttemptAt: true },
        });
        const outcomes: Outcome[] = [];
        let checkedAt = Date.now();
        for (const delivery of due) {
          if (delivery.nextAttemptAt > new Date() || Date.now() >= deadline) break;
          // A worker that lost the lease (it stalled past it, and another took over) stops here.
          if (!(await stillHeld())) break;
          // An endpoint deleted or paused during the run stops getting events within CHECK_MS.
          if (Date.now() - checkedAt > CHECK_MS) {
            checkedAt = Date.now();
            if (!(await db.webhookEndpoint.count({ where: { id: endpoint.id, pausedAt: null } }))) break;
          }
          const outcome = await sendOnce(endpoint, delivery, options);
          outcomes.push(outcome);
          if (!outcome.ok) break;
        }
        await recordOutcomes(endpoint, outcomes, options);
        const sent = outcomes.filter((outcome) => outcome.ok).length;
        count += sent;
        if (sent < due.length || due.length < RUN) break;
      }
      return count;
    }),
  );
  for (const result of delivered)
    if (result.status === "rejected")
      console.error(
        "[webhooks] an endpoint's run failed; it is tried again next round",
        result.reason instanceof Error ? result.reason.message || result.reason.name : result.reason,
      );
  await pruneNow();
  return {
    held: true,
    queued,
    delivered: delivered.reduce((sum, result) => sum + (result.status === "fulfilled" ? result.value : 0), 0),
  };
}

type Worker = { timer: NodeJS.Timeout; running?: Promise<unknown>; stopped: boolean };
const SLOT = Symbol.for("gatehouse.webhookWorker");
const slots = globalThis as Record<symbol, Worker | undefined>;

function round(worker: Worker): void {
  // One round at a time: a tick during a long one is skipped.
  if (worker.stopped || worker.running) return;
  worker.running = runWebhookRound({
    holder: PROCESS_HOLDER,
    schedule: env.WEBHOOK_RETRY_SCHEDULE,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
  })
    .catch((error: unknown) => {
      // The database may be down or busy: nothing moved, and the next round tries again.
      console.error(
        "[webhooks] delivery round failed; will try again",
        error instanceof Error ? error.message || error.name : error,
      );
    })
    .finally(() => {
      worker.running = undefined;
    });
}

/** Starts this server's webhook worker (instrumentation.ts), once per process. */
export function startWebhookWorker(): void {
  if (slots[SLOT]) return;
  const worker: Worker = { timer: setInterval(() => round(worker), EVERY_MS), stopped: false };
  worker.timer.unref();
  slots[SLOT] = worker;
  // Entries left unsealed by an instance that stopped are sealed, so their events go out.
  ensureSealer();
  onShutdown(
    "webhook worker",
    async () => {
      worker.stopped = true;
      clearInterval(worker.timer);
      await worker.running;
      // Another instance takes over at once, not when the lease lapses.
      await releaseLease(LEASE, PROCESS_HOLDER);
    },
    "work",
  );
}

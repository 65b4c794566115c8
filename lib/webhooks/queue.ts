import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { isWebhookEvent, payloadOf, type WebhookEvent } from "@/lib/webhooks/catalogue";

// The outbox is the audit log. Every change writes its audit entry in its own transaction (both
// commit, or neither: lib/audit/record.ts), and the sealer gives committed entries their place in
// the chain (seq). Here, for each endpoint, the sealed entries past its cursor that it asked for
// become deliveries, in seq order, and the cursor moves, in one transaction. So a committed change
// always gets its event, a rolled-back one never does, and a restart or a crash loses nothing: the
// cursor only moves with the deliveries it covers.

const BATCH = 500;

export type QueueingEndpoint = { id: string; events: string; cursor: number };

/** A message id, the webhook-id header: the same on every attempt of one event to one endpoint. */
export const messageId = () => `msg_${randomBytes(16).toString("base64url")}`;

/** The last seq given: where a new endpoint's cursor starts (it gets events from now on). */
export async function chainHead(): Promise<number> {
  const head = await db.auditEvent.findFirst({
    where: { seq: { not: null } },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return head?.seq ?? 0;
}

class CursorMoved extends Error {}

/**
 * Queues one endpoint's next events up to `head`, read before (everything up to it is sealed and
 * committed: sealing is one batch at a time); returns how many.
 */
export async function queueFor(endpoint: QueueingEndpoint, head: number): Promise<number> {
  if (head <= endpoint.cursor) return 0;
  const wanted = endpoint.events.split(" ").filter(isWebhookEvent);
  const entries = wanted.length
    ? await db.auditEvent.findMany({
        where: { seq: { gt: endpoint.cursor, lte: head }, action: { in: wanted } },
        orderBy: { seq: "asc" },
        take: BATCH,
        select: {
          seq: true,
          createdAt: true,
          action: true,
          actorId: true,
          targetId: true,
          targetEmail: true,
          before: true,
          after: true,
        },
      })
    : [];
  const cursor = entries.length === BATCH ? entries[BATCH - 1].seq! : head;
  try {
    await db.$transaction(async (tx) => {
      const moved = await tx.webhookEndpoint.updateMany({
        // The events as read too: an edit since then must not move the cursor past events newly asked for.
        where: { id: endpoint.id, cursor: endpoint.cursor, events: endpoint.events, pausedAt: null },
        data: { cursor },
      });
      // Deleted, paused, edited, or queued by another worker since it was read: the next round reads it again.
      if (moved.count !== 1) throw new CursorMoved();
      if (entries.length === 0) return;
      await tx.webhookDelivery.createMany({
        data: entries.map((entry) => ({
          id: messageId(),
          endpointId: endpoint.id,
          seq: entry.seq!,
          type: entry.action,
          payload: payloadOf({ ...entry, seq: entry.seq!, action: entry.action as WebhookEvent }),
          status: "pending",
          nextAttemptAt: new Date(),
          createdAt: entry.createdAt,
        })),
      });
    });
  } catch (error) {
    if (error instanceof CursorMoved) return 0;
    throw error;
  }
  return entries.length;
}

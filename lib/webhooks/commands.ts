import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { recordAuditIn } from "@/lib/audit/record";
import { can } from "@/lib/auth/policy";
import { serializable } from "@/lib/db-transaction";
import { actorNow } from "@/lib/roles/commands";
import { chainHead } from "@/lib/webhooks/queue";
import { newSecret, sealSecret } from "@/lib/webhooks/signing";
import type { WebhookInput } from "@/lib/webhooks/schemas";
import { auditedUrl, webhookUrlProblem } from "@/lib/webhooks/urls";

// What an admin does under Admin → Webhooks. Each runs in one Serializable transaction with its
// audit entry and re-reads the actor's role inside it (manage-webhooks taken away a moment ago is
// not used by a request that started before).

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

export type WebhookResult = { ok: true; message: string; id: string; secret?: string } | { ok: false; message: string };

/** After a rotation, the secret before it signs too for this long, so receivers can switch over. */
export const ROTATION_OVERLAP_HOURS = 24;

const NO_LONGER: WebhookResult = { ok: false, message: "Your role no longer allows this. Reload the page." };
const GONE: WebhookResult = { ok: false, message: "That endpoint no longer exists." };

async function allowed(tx: Tx, actor: Actor): Promise<boolean> {
  return can(await actorNow(tx, actor), "manage-webhooks");
}

const endpointId = () => `wh_${randomBytes(12).toString("base64url").replace(/[^\w]/g, "x")}`;

const audited = (input: WebhookInput) => ({
  url: auditedUrl(input.url),
  description: input.description,
  events: input.events.join(" "),
});

export function createEndpoint(actor: Actor, input: WebhookInput): Promise<WebhookResult> {
  const problem = webhookUrlProblem(input.url);
  if (problem) return Promise.resolve({ ok: false, message: problem });
  const secret = newSecret();
  return serializable(async (tx) => {
    if (!(await allowed(tx, actor))) return NO_LONGER;
    if ((await tx.webhookEndpoint.count()) >= 50)
      return { ok: false, message: "Gatehouse keeps at most 50 endpoints. Delete one you no longer use first." };
    const id = endpointId();
    // Events from now on: the chain's head when it was made.
    const cursor = await chainHead();
    await tx.webhookEndpoint.create({
      data: { id, ...input, events: input.events.join(" "), secret: sealSecret(secret, id), cursor },
    });
    await recordAuditIn(tx, { action: "webhook.created", actor, after: { endpoint: id, ...audited(input) } });
    return {
      ok: true,
      id,
      secret,
      message: "The endpoint is ready. Copy its signing secret now: it is shown only once.",
    };
  });
}

export function updateEndpoint(actor: Actor, input: WebhookInput & { id: string }): Promise<WebhookResult> {
  const problem = webhookUrlProblem(input.url);
  if (problem) return Promise.resolve({ ok: false, message: problem });
  return serializable(async (tx) => {
    if (!(await allowed(tx, actor))) return NO_LONGER;
    const before = await tx.webhookEndpoint.findUnique({ where: { id: input.id } });
    if (!before) return GONE;
    await tx.webhookEndpoint.update({
      where: { id: input.id },
      data: { url: input.url, description: input.description, events: input.events.join(" ") },
    });
    await recordAuditIn(tx, {
      action: "webhook.changed",
      actor,
      before: {
        endpoint: before.id,
        url: auditedUrl(before.url),
        description: before.description,
        events: before.events,
      },
      after: { endpoint: before.id, ...audited(input) },
    });
    return { ok: true, id: before.id, message: "Saved. Events from now on follow these settings." };
  });
}

/** A new secret; the old one signs too for ROTATION_OVERLAP_HOURS, so the receiver can switch. */
export function rotateSecret(actor: Actor, id: string): Promise<WebhookResult> {
  const secret = newSecret();
  return serializable(async (tx) => {
    if (!(await allowed(tx, actor))) return NO_LONGER;
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!endpoint) return GONE;
    await tx.webhookEndpoint.update({
      where: { id },
      data: {
        secret: sealSecret(secret, id),
        previousSecret: endpoint.secret,
        previousSecretUntil: new Date(Date.now() + ROTATION_OVERLAP_HOURS * 3_600_000),
      },
    });
    await recordAuditIn(tx, {
      action: "webhook.secret_rotated",
      actor,
      after: { endpoint: id, url: auditedUrl(endpoint.url) },
    });
    return {
      ok: true,
      id,
      secret,
      message: `Copy the new secret now: it is shown only once. For ${ROTATION_OVERLAP_HOURS} hours every event is signed with both, so the receiver can switch.`,
    };
  });
}

export function deleteEndpoint(actor: Actor, id: string): Promise<WebhookResult> {
  return serializable(async (tx) => {
    if (!(await allowed(tx, actor))) return NO_LONGER;
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!endpoint) return GONE;
    await tx.webhookEndpoint.delete({ where: { id } });
    await recordAuditIn(tx, {
      action: "webhook.deleted",
      actor,
      before: { endpoint: id, url: auditedUrl(endpoint.url) },
    });
    return { ok: true, id, message: "Deleted. No more events go to it." };
  });
}

/** Pauses (no more attempts) or resumes an endpoint; resuming tries a failed event again first. */
export function setPaused(actor: Actor, id: string, paused: boolean): Promise<WebhookResult> {
  return serializable(async (tx) => {
    if (!(await allowed(tx, actor))) return NO_LONGER;
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!endpoint) return GONE;
    if (Boolean(endpoint.pausedAt) === paused)
      return { ok: true, id, message: paused ? "It was paused already." : "It was running already." };
    await tx.webhookEndpoint.update({
      where: { id },
      data: paused
        ? { pausedAt: new Date(), pausedReason: `Paused by ${actor.email}.` }
        : { pausedAt: null, pausedReason: null },
    });
    if (!paused)
      await tx.webhookDelivery.updateMany({
        where: { endpointId: id, status: "failed" },
        data: { status: "pending", attempts: 0, nextAttemptAt: new Date() },
      });
    await recordAuditIn(tx, {
      action: paused ? "webhook.paused" : "webhook.resumed",
      actor,
      after: { endpoint: id, url: auditedUrl(endpoint.url) },
    });
    return {
      ok: true,
      id,
      message: paused
        ? "Paused. Events keep being recorded, and go out in order once you resume."
        : "Resumed. Events waiting go out now, oldest first.",
    };
  });
}

/** Sends one event, or every event since a time, again: same webhook-id, same payload, fresh attempts. */
export function redeliver(actor: Actor, target: { delivery: string } | { endpoint: string; since: Date }) {
  return serializable(async (tx): Promise<WebhookResult> => {
    if (!(await allowed(tx, actor))) return NO_LONGER;
    const where =
      "delivery" in target
        ? { id: target.delivery }
        : { endpointId: target.endpoint, createdAt: { gte: target.since } };
    const first = await tx.webhookDelivery.findFirst({ where, select: { endpointId: true } });
    if (!first)
      return { ok: false, message: "delivery" in target ? "That delivery no longer exists." : "No events since then." };
    const { count } = await tx.webhookDelivery.updateMany({
      where,
      data: { status: "pending", attempts: 0, nextAttemptAt: new Date() },
    });
    await recordAuditIn(tx, {
      action: "webhook.redelivered",
      actor,
      after: {
        endpoint: first.endpointId,
        events: count,
        ...("since" in target ? { since: target.since.toISOString() } : {}),
      },
    });
    return {
      ok: true,
      id: first.endpointId,
      message: `${count} ${count === 1 ? "event goes" : "events go"} out again, under the same ids.`,
    };
  });
}

import "server-only";
import type { WebhookDelivery, WebhookEndpoint } from "@prisma/client";
import { recordAuditIn } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { fetchOutbound, OutboundRefused, type Resolver } from "@/lib/http/outbound";
import { tryDeliver } from "@/lib/mail/deliver";
import { webhookPausedMail } from "@/lib/mail/messages";
import { openSecret, signedHeaders } from "@/lib/webhooks/signing";
import { webhookKeepers } from "@/lib/webhooks/queries";
import { auditedUrl } from "@/lib/webhooks/urls";

// Attempts to deliver events to one endpoint: each signed, posted through the outbound fetcher
// (https only, no private addresses after resolution, no redirects, a short timeout, the answer read
// up to a cap), and logged. A 2xx answer delivers an event; anything else is tried again after the next
// wait of the retry schedule; when the schedule runs out, the endpoint is paused and the people who
// manage webhooks are told, so a failing receiver is seen, never silently skipped.

export type DeliveryOptions = {
  /** The waits between attempts (WEBHOOK_RETRY_SCHEDULE). */
  schedule: readonly number[];
  timeoutMs: number;
  resolver?: Resolver;
  allowHosts?: readonly string[];
};

/** How much of an answer is read, and how much of it the delivery log keeps. */
const ANSWER_BYTES = 4_096;
const ANSWER_KEPT = 300;

type Endpoint = Pick<WebhookEndpoint, "id" | "url" | "secret" | "previousSecret" | "previousSecretUntil">;
type Delivery = Pick<WebhookDelivery, "id" | "payload" | "attempts" | "type">;

class Unsigned extends Error {
  constructor() {
    super("Its signing secret cannot be read (was AUTH_SECRET changed?): rotate the secret.");
  }
}

/** The secrets that sign now: the current one, and during a rotation the one before it. */
function signingSecrets(endpoint: Endpoint, now: Date): string[] {
  const current = openSecret(endpoint.secret, endpoint.id);
  const previous =
    endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now
      ? openSecret(endpoint.previousSecret, endpoint.id)
      : null;
  return [current, previous].filter((secret): secret is string => Boolean(secret));
}

/** An answer as the log keeps it: its start, as one line of text. */
const kept = (body: Buffer) =>
  body
    .subarray(0, ANSWER_KEPT * 4)
    .toString("utf8")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .slice(0, ANSWER_KEPT);

export type Outcome = {
  deliveryId: string;
  type: string;
  /** Attempts before this one. */
  attempts: number;
  at: Date;
  status: number | null;
  latencyMs: number;
  ok: boolean;
  answer: string;
};

/** Sends one delivery once and says how it went; records nothing (recordOutcomes does, in bulk). */
export async function sendOnce(endpoint: Endpoint, delivery: Delivery, options: DeliveryOptions): Promise<Outcome> {
  const at = new Date();
  const started = performance.now();
  let status: number | null = null;
  let answer: string;
  let ok = false;
  const secrets = signingSecrets(endpoint, at);
  try {
    // Never unsigned: a secret sealed under another AUTH_SECRET cannot be opened, and must be rotated.
    if (secrets.length === 0) throw new Unsigned();
    const response = await fetchOutbound(endpoint.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...signedHeaders(delivery.id, delivery.payload, secrets, at) },
      body: delivery.payload,
      timeoutMs: options.timeoutMs,
      maxBytes: ANSWER_BYTES,
      truncate: true,
      resolver: options.resolver,
      allowHosts: options.allowHosts,
    });
    status = response.status;
    ok = status >= 200 && status < 300;
    answer = kept(response.body);
  } catch (error) {
    answer = error instanceof OutboundRefused || error instanceof Unsigned ? error.message : "The delivery failed.";
    if (error instanceof OutboundRefused && ["scheme", "private-address", "redirect"].includes(error.reason))
      console.warn(`[webhooks] delivery to endpoint ${endpoint.id} refused (${error.reason}): ${error.message}`);
  }
  const latencyMs = Math.round(performance.now() - started);
  return {
    deliveryId: delivery.id,
    type: delivery.type,
    attempts: delivery.attempts,
    at,
    status,
    latencyMs,
    ok,
    answer,
  };
}

/**
 * Records a run of attempts to one endpoint (delivered ones, then at most one failure, which ended
 * the run) in one transaction. A failure waits for the schedule's next wait; the last one pauses the
 * endpoint, and its keepers are told. Should the worker stop before this, the events are sent again
 * (at least once, under the same ids).
 */
export async function recordOutcomes(endpoint: Endpoint, outcomes: readonly Outcome[], options: DeliveryOptions) {
  if (outcomes.length === 0) return;
  const finished = new Date();
  const delivered = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.deliveryId);
  const failure = outcomes.find((outcome) => !outcome.ok);
  const attempts = failure ? failure.attempts + 1 : 0;
  const exhausted = Boolean(failure) && attempts > options.schedule.length;
  await db.$transaction(async (tx) => {
    // Only deliveries that still exist (the endpoint may have been deleted while they were sent).
    const existing = new Set(
      (
        await tx.webhookDelivery.findMany({
          where: { id: { in: outcomes.map((outcome) => outcome.deliveryId) } },
          select: { id: true },
        })
      ).map((row) => row.id),
    );
    await tx.webhookAttempt.createMany({
      data: outcomes
        .filter((outcome) => existing.has(outcome.deliveryId))
        .map(({ deliveryId, at, status, latencyMs, ok, answer }) => ({
          deliveryId,
          at,
          status,
          latencyMs,
          ok,
          answer,
        })),
    });
    if (delivered.length)
      await tx.webhookDelivery.updateMany({
        where: { id: { in: delivered } },
        data: { status: "delivered", attempts: { increment: 1 }, deliveredAt: finished },
      });
    if (!failure || !existing.has(failure.deliveryId)) return;
    await tx.webhookDelivery.updateMany({
      where: { id: failure.deliveryId },
      data: exhausted
        ? { status: "failed", attempts }
        : { attempts, nextAttemptAt: new Date(finished.getTime() + options.schedule[attempts - 1]) },
    });
    if (!exhausted) return;
    await tx.webhookEndpoint.updateMany({
      where: { id: endpoint.id },
      data: {
        pausedAt: finished,
        pausedReason: `Every attempt to deliver ${failure.type} failed (${attempts} attempts; the last: ${failure.status ?? failure.answer}).`,
      },
    });
    await recordAuditIn(
      tx,
      {
        action: "webhook.paused",
        after: { endpoint: endpoint.id, url: auditedUrl(endpoint.url), event: failure.type, attempts },
      },
      { ip: null, userAgent: null },
    );
  });
  if (exhausted)
    for (const keeper of await webhookKeepers()) await tryDeliver(webhookPausedMail(keeper, endpoint.url, attempts));
}

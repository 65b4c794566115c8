import "server-only";
import { db } from "@/lib/db";
import { listRoles } from "@/lib/roles/queries";

// What Admin → Webhooks shows: endpoints, and each one's deliveries with their attempts.

const endpointSummary = {
  id: true,
  url: true,
  description: true,
  events: true,
  pausedAt: true,
  pausedReason: true,
  createdAt: true,
  previousSecretUntil: true,
} as const;

export async function listEndpoints() {
  const endpoints = await db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" }, select: endpointSummary });
  const pending = await db.webhookDelivery.groupBy({
    by: ["endpointId"],
    where: { status: "pending" },
    _count: { _all: true },
  });
  const waiting = new Map(pending.map((row) => [row.endpointId, row._count._all]));
  return endpoints.map((endpoint) => ({ ...endpoint, waiting: waiting.get(endpoint.id) ?? 0 }));
}

export function findEndpoint(id: string) {
  return db.webhookEndpoint.findUnique({ where: { id }, select: endpointSummary });
}

export const DELIVERY_LOG_SIZE = 50;

/** An endpoint's latest deliveries, newest event first, each with its attempts (newest first). */
export function deliveryLog(endpointId: string) {
  return db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: { seq: "desc" },
    take: DELIVERY_LOG_SIZE,
    select: {
      id: true,
      seq: true,
      type: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      createdAt: true,
      deliveredAt: true,
      log: { orderBy: { id: "desc" }, take: 10 },
    },
  });
}

/** Paused endpoints, for the admin overview. */
export function pausedEndpoints() {
  return db.webhookEndpoint.findMany({
    where: { pausedAt: { not: null } },
    orderBy: { pausedAt: "desc" },
    select: { id: true, url: true, pausedAt: true, pausedReason: true },
  });
}

/** The addresses of the enabled people whose role carries manage-webhooks: they hear of a pause. */
export async function webhookKeepers(): Promise<string[]> {
  const roles = (await listRoles()).filter((role) => role.capabilities.includes("manage-webhooks"));
  const people = await db.user.findMany({
    where: { role: { in: roles.map((role) => role.name) }, disabledAt: null, emailVerified: { not: null } },
    select: { email: true },
    take: 50,
  });
  return people.map((person) => person.email);
}

import { randomUUID } from "node:crypto";
import type { Scenario } from "./action-scenarios";
import { countOf, e2eDatabaseUrl, runSql, storedDate } from "./database";
import { freshAdmin } from "./sign-in";

// Admin → Webhooks' actions (lib/actions/webhooks.ts) for the CSRF, forced-action and input specs:
// each on an endpoint of its own, paused unless the action is pausing one, so the shared server's
// worker sends nothing anywhere. Their URLs are on a name that never resolves.

/** An endpoint straight in the database; returns its id. */
async function insertEndpoint({ paused = true } = {}): Promise<string> {
  const url = e2eDatabaseUrl();
  const id = `wh_${randomUUID().slice(0, 12)}`;
  const now = storedDate(new Date(), url);
  await runSql(
    url,
    `INSERT INTO "WebhookEndpoint" ("id", "url", "description", "events", "secret", "cursor", "pausedAt", "createdAt")
     VALUES (?, ?, '', 'account.deleted', 'v1.none', 0, ?, ?)`,
    [id, `https://hooks.example.test/${id}`, paused ? now : null, now],
  );
  return id;
}

/** A delivered event of that endpoint; returns its id. */
async function insertDelivery(endpointId: string, at = new Date()): Promise<string> {
  const url = e2eDatabaseUrl();
  const id = `msg_${randomUUID().replaceAll("-", "")}`;
  await runSql(
    url,
    `INSERT INTO "WebhookDelivery" ("id", "endpointId", "seq", "type", "payload", "status", "attempts", "nextAttemptAt", "createdAt")
     VALUES (?, ?, 1, 'account.deleted', '{}', 'delivered', 1, ?, ?)`,
    [id, endpointId, storedDate(at, url), storedDate(at, url)],
  );
  return id;
}

const count = (label: string, sql: string, params: unknown[]) => async () =>
  `${await countOf(e2eDatabaseUrl(), sql, params)} ${label}`;

export const WEBHOOK_SCENARIOS: Record<string, Scenario> = {
  createWebhookAction: {
    capability: "manage-webhooks",
    prepare: async () => {
      const url = `https://hooks.example.test/forged-${randomUUID().slice(0, 8)}`;
      return {
        request: await freshAdmin(),
        path: "/admin/webhooks",
        fields: { url, description: "", events: "account.deleted" },
        observe: count("endpoints", `SELECT COUNT(*) FROM "WebhookEndpoint" WHERE "url" = ?`, [url]),
        after: "1 endpoints",
      };
    },
  },
  updateWebhookAction: {
    capability: "manage-webhooks",
    prepare: async () => {
      const id = await insertEndpoint();
      const url = `https://hooks.example.test/moved-${id}`;
      return {
        request: await freshAdmin(),
        path: `/admin/webhooks/${id}`,
        fields: { id, url, description: "", events: "account.deleted" },
        observe: count("moved", `SELECT COUNT(*) FROM "WebhookEndpoint" WHERE "id" = ? AND "url" = ?`, [id, url]),
        after: "1 moved",
      };
    },
  },
  rotateWebhookSecretAction: {
    capability: "manage-webhooks",
    prepare: async () => {
      const id = await insertEndpoint();
      return {
        request: await freshAdmin(),
        path: `/admin/webhooks/${id}`,
        fields: { id },
        observe: count(
          "rotated",
          `SELECT COUNT(*) FROM "WebhookEndpoint" WHERE "id" = ? AND "previousSecret" IS NOT NULL`,
          [id],
        ),
        after: "1 rotated",
      };
    },
  },
  deleteWebhookAction: {
    capability: "manage-webhooks",
    prepare: async () => {
      const id = await insertEndpoint();
      return {
        request: await freshAdmin(),
        path: "/admin/webhooks",
        fields: { id },
        observe: count("endpoints", `SELECT COUNT(*) FROM "WebhookEndpoint" WHERE "id" = ?`, [id]),
        after: "0 endpoints",
      };
    },
  },
  pauseWebhookAction: {
    capability: "manage-webhooks",
    prepare: async () => {
      const id = await insertEndpoint({ paused: false });
      return {
        request: await freshAdmin(),
        path: `/admin/webhooks/${id}`,
        fields: { id },
        observe: count("paused", `SELECT COUNT(*) FROM "WebhookEndpoint" WHERE "id" = ? AND "pausedAt" IS NOT NULL`, [
          id,
        ]),
        after: "1 paused",
      };
    },
  },
  resumeWebhookAction: {
    capability: "manage-webhooks",
    prepare: async () => {
      const id = await insertEndpoint();
      return {
        request: await freshAdmin(),
        path: `/admin/webhooks/${id}`,
        fields: { id },
        observe: count("paused", `SELECT COUNT(*) FROM "WebhookEndpoint" WHERE "id" = ? AND "pausedAt" IS NOT NULL`, [
          id,
        ]),
        after: "0 paused",
      };
    },
  },
  redeliverAction: {
    capability: "manage-webhooks",
    prepare: async () => {
      const endpoint = await insertEndpoint();
      const id = await insertDelivery(endpoint);
      return {
        request: await freshAdmin(),
        path: `/admin/webhooks/${endpoint}`,
        fields: { id },
        observe: count("waiting", `SELECT COUNT(*) FROM "WebhookDelivery" WHERE "id" = ? AND "status" = 'pending'`, [
          id,
        ]),
        after: "1 waiting",
      };
    },
  },
  redeliverSinceAction: {
    capability: "manage-webhooks",
    prepare: async () => {
      const id = await insertEndpoint();
      await insertDelivery(id, new Date(Date.now() - 3_600_000));
      return {
        request: await freshAdmin(),
        path: `/admin/webhooks/${id}`,
        fields: { id, since: new Date(Date.now() - 7_200_000).toISOString() },
        observe: count(
          "waiting",
          `SELECT COUNT(*) FROM "WebhookDelivery" WHERE "endpointId" = ? AND "status" = 'pending'`,
          [id],
        ),
        after: "1 waiting",
      };
    },
  },
};

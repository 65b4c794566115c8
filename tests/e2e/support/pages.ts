import { expect, type APIRequestContext } from "@playwright/test";
import { decideAccess, ruleFor } from "@/lib/auth/policy";
import { appPaths } from "@/tests/support/app-pages";
import { e2eDatabaseUrl, runSql, storedDate } from "./database";

/**
 * A paused webhook endpoint with a delivery and two attempts (one failed), so the endpoint page is
 * seen with a delivery log; paused, so the shared server's worker sends nothing.
 */
async function sampleEndpoint(): Promise<string> {
  const url = e2eDatabaseUrl();
  const id = "wh_sample_for_pages";
  const now = storedDate(new Date(), url);
  await runSql(
    url,
    `INSERT INTO "WebhookEndpoint" ("id", "url", "description", "events", "secret", "cursor", "pausedAt", "pausedReason", "createdAt")
     VALUES (?, 'https://hooks.example.test/pages', 'The HR system', 'article.created user.role_changed', 'v1.none', 0, ?, 'Paused for the page sweep.', ?)
     ON CONFLICT ("id") DO NOTHING`,
    [id, now, now],
  );
  // Once, whichever test asks first (several sweep the pages at once).
  const added = await runSql(
    url,
    `INSERT INTO "WebhookDelivery" ("id", "endpointId", "seq", "type", "payload", "status", "attempts", "nextAttemptAt", "createdAt")
     VALUES ('msg_sample_for_pages', ?, 1, 'article.created', '{}', 'delivered', 2, ?, ?)
     ON CONFLICT ("id") DO NOTHING`,
    [id, now, now],
  );
  if (added === 0) return id;
  for (const [status, ok, answer] of [
    [503, false, "Service unavailable"],
    [200, true, "ok"],
  ] as const)
    await runSql(
      url,
      `INSERT INTO "WebhookAttempt" ("deliveryId", "at", "status", "latencyMs", "ok", "answer") VALUES ('msg_sample_for_pages', ?, ?, 12, ?, ?)`,
      [now, status, url.startsWith("file:") ? Number(ok) : ok, answer],
    );
  return id;
}

/**
 * Every page of the app (from the app/ folder, so a new page is covered as soon as it exists), with
 * real ids in place of dynamic segments, and whether it is opened signed out or as an admin (who may
 * open every gated page). Route handlers that answer files (the CSV export) are left out.
 */
export async function everyPage(
  admin: APIRequestContext,
): Promise<Array<{ path: string; as: "admin" | "signed-out" }>> {
  const dashboard = await (await admin.get("/dashboard")).text();
  const articleId = dashboard.match(/href="\/dashboard\/articles\/([\w-]+)"/)?.[1];
  const people = await (await admin.get("/admin/users")).text();
  const personId = people.match(/href="\/admin\/users\/([\w-]+)"/)?.[1];
  expect(articleId, "an article to open").toBeDefined();
  expect(personId, "a person to open").toBeDefined();
  const endpointId = await sampleEndpoint();
  return appPaths()
    .filter((path) => !path.endsWith("/export"))
    .map((path) =>
      path
        .replace("/articles/sample-id", `/articles/${articleId}`)
        .replace("/users/sample-id", `/users/${personId}`)
        // The demo's custom role (prisma/demo-data.ts), which the e2e database is seeded with.
        .replace("/roles/sample-id", "/roles/auditor")
        .replace("/webhooks/sample-id", `/webhooks/${endpointId}`),
    )
    .map((path) => ({
      path,
      as: ruleFor(path) && decideAccess({ role: "admin" }, path).allowed ? ("admin" as const) : ("signed-out" as const),
    }));
}

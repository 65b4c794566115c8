import { expect, test } from "@playwright/test";

test("the health route reports the app and the database as up, uncached", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  const body = (await response.json()) as {
    status: string;
    app: { status: string };
    database: { status: string; latencyMs: number };
  };
  expect(body.status).toBe("ok");
  expect(body.app.status).toBe("ok");
  expect(body.database.status).toBe("ok");
  expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
});

test("the liveness and readiness probes answer for a working instance", async ({ request }) => {
  const live = await request.get("/api/health/live");
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "ok" });

  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(200);
  expect(ready.headers()["cache-control"]).toContain("no-store");
  const body = (await ready.json()) as {
    status: string;
    database: { status: string };
    rateLimitStore: { status: string };
    migrations: { status: string; applied: number };
  };
  expect(body.status).toBe("ready");
  expect(body.database.status).toBe("ok");
  expect(["ok", "not configured"]).toContain(body.rateLimitStore.status);
  expect(body.migrations.status).toBe("ok");
  expect(body.migrations.applied).toBeGreaterThan(0);
});

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

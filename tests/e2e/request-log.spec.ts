import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as apiRequest, expect, test } from "@playwright/test";
import { countOf, e2eDatabaseUrl } from "./support/database";
import { E2E_METRICS_TOKEN, E2E_ORIGIN, NO_COOKIES, TEST_PEOPLE } from "./support/fixtures";
import { requestWithSessionCookie, storedSessionCookie } from "./support/tokens";

// The production server writes one JSON line per request (lib/server/request-log.ts), which an
// operator finds by the id the client was given in X-Request-Id.

type LogLine = {
  msg?: string;
  requestId?: string;
  method?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  personId?: string;
};

function lineFor(requestId: string): LogLine | undefined {
  return readFileSync("tests/.tmp/e2e-server.log", "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine)
    .find((line) => line.msg === "request" && line.requestId === requestId);
}

test("each answer carries a request id, and the log has one line for it: route, status, time, who", async () => {
  const requestId = `proxy-${randomUUID()}`;
  const writer = await requestWithSessionCookie(storedSessionCookie("writer"));
  const response = await writer.get("/dashboard", { headers: { "x-request-id": requestId } });
  expect(response.status()).toBe(200);
  // An id given by the proxy in front is kept, so its logs and ours line up.
  expect(response.headers()["x-request-id"]).toBe(requestId);
  await expect.poll(() => lineFor(requestId)).toBeDefined();
  const line = lineFor(requestId)!;
  expect(line).toMatchObject({ method: "GET", route: "/dashboard", status: 200 });
  expect(line.durationMs).toBeGreaterThan(0);
  expect(
    await countOf(e2eDatabaseUrl(), `SELECT COUNT(*) AS n FROM "User" WHERE "id" = ? AND "email" = ?`, [
      line.personId,
      TEST_PEOPLE.writer.email,
    ]),
  ).toBe(1);
  await writer.dispose();
});

test("ids and tokens in a path never reach the log, nor does a made-up request id", async () => {
  const anonymous = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: NO_COOKIES });
  const secretLooking = `Zx9${randomUUID().replaceAll("-", "")}`;
  const response = await anonymous.get(`/email-change/undo/${secretLooking}?token=${secretLooking}`, {
    headers: { "x-request-id": "<script>alert(1)</script>" },
  });
  const given = response.headers()["x-request-id"];
  expect(given).toMatch(/^[0-9a-f-]{36}$/);
  await expect.poll(() => lineFor(given)).toBeDefined();
  expect(lineFor(given)!.route).toBe("/email-change/undo/:id");
  const log = readFileSync("tests/.tmp/e2e-server.log", "utf8");
  expect(log).not.toContain(secretLooking);
  expect(log).not.toContain("<script>alert(1)</script>");
  await anonymous.dispose();
});

test("a refusal carries the request id its log line has", async () => {
  const anonymous = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: NO_COOKIES });
  const response = await anonymous.get("/api/v1/articles");
  expect(response.status()).toBe(401);
  const given = response.headers()["x-request-id"];
  await expect.poll(() => lineFor(given)).toMatchObject({ route: "/api/v1/articles", status: 401 });
  expect(lineFor(given)!.personId).toBeUndefined();
  await anonymous.dispose();
});

test("operators read Prometheus metrics with their token, and nobody else does", async () => {
  const writer = await requestWithSessionCookie(storedSessionCookie("writer"));
  expect((await writer.get("/dashboard")).status()).toBe(200);
  // A signed-in person's session is not the operators' token.
  expect((await writer.get("/api/metrics")).status()).toBe(401);
  await writer.dispose();
  const anonymous = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: NO_COOKIES });
  const without = await anonymous.get("/api/metrics");
  expect(without.status()).toBe(401);
  expect(without.headers()["www-authenticate"]).toContain("Bearer");
  const wrong = await anonymous.get("/api/metrics", { headers: { authorization: `Bearer ${"x".repeat(40)}` } });
  expect(wrong.status()).toBe(401);

  const scraped = await anonymous.get("/api/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()["content-type"]).toContain("text/plain");
  const text = await scraped.text();
  expect(text).toMatch(/gatehouse_http_requests_total\{method="GET",route="\/dashboard",status="200"\} [1-9]/);
  expect(text).toMatch(/gatehouse_http_request_duration_seconds_bucket\{le="0.5",route="\/dashboard"\} [1-9]/);
  // The roles signed in at the start of the run went to the audit log, and so to the counts.
  expect(text).toMatch(/gatehouse_audit_appends_total\{action="auth.sign_in"\} [1-9]/);
  // Each of those sign-ins appended its entry on its own, timed; the sealer chained them afterwards.
  expect(text).toMatch(/gatehouse_audit_append_duration_seconds_count [1-9]/);
  expect(text).toMatch(/gatehouse_audit_sealed_total [1-9]/);
  expect(text).toContain("gatehouse_process_resident_memory_bytes");
  if (process.env.TEST_DATABASE === "postgres")
    expect(text).toMatch(/gatehouse_db_pool_connections\{state="total"\} [1-9]/);
  await anonymous.dispose();
});

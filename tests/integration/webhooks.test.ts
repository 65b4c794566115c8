import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { recordAuditIn } from "@/lib/audit/record";
import { sealAuditChain } from "@/lib/audit/seal";
import { builtInCapabilities } from "@/lib/auth/policy";
import type { CurrentPerson } from "@/lib/auth/session/current-person";
import { createArticle } from "@/lib/articles/commands";
import { db } from "@/lib/db";
import { holdLease } from "@/lib/server/lease";
import { createToken } from "@/lib/tokens/commands";
import { createEndpoint, redeliver, rotateSecret, setPaused, updateEndpoint } from "@/lib/webhooks/commands";
import { webhookUrlProblem } from "@/lib/webhooks/urls";
import { runWebhookRound, type WorkerOptions } from "@/lib/webhooks/worker";
import { WebhookReceiver } from "../support/webhook-receiver";

// Issue 34: webhooks, end to end below the browser. A real receiver on loopback verifies every
// delivery with the standardwebhooks library; the outbox is the audit log (an event exists exactly
// when its change committed); one worker delivers at a time (a lease); retries follow the schedule,
// then the endpoint pauses and the people who manage webhooks hear of it; every delivery goes through
// the outbound fetcher's rules.

vi.hoisted(() => {
  // The receiver runs on this machine, as OUTBOUND_ALLOW_HOSTS allows in tests only.
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
});

const receiver = new WebhookReceiver();
/** Waits long enough that only the test sends an attempt again, and never runs out. */
const LONG_WAITS = Array<number>(10).fill(60_000);
let admin: CurrentPerson;
let endpointIds: string[] = [];

// Holders are named per test: each test starts with no lease, as a fresh set of instances would.
let testRun = 0;
const options = (holder = "worker-a", extra: Partial<WorkerOptions> = {}): WorkerOptions => ({
  holder: `${holder}-${testRun}`,
  schedule: [20, 20, 20],
  timeoutMs: 1_000,
  allowHosts: ["127.0.0.1"],
  ...extra,
});

/** Seals and runs rounds until nothing is waiting (or the rounds run out). */
async function drain(worker = options(), rounds = 40) {
  for (let round = 0; round < rounds; round++) {
    await sealAuditChain();
    await runWebhookRound(worker);
    const waiting = await db.webhookDelivery.count({ where: { status: "pending", endpointId: { in: endpointIds } } });
    if (waiting === 0 && round > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function endpoint(events: string[], url = receiver.url) {
  const result = await createEndpoint(admin, { url, description: "test", events: events as never });
  if (!result.ok) throw new Error(result.message);
  receiver.secrets.push(result.secret!);
  endpointIds.push(result.id);
  return result.id;
}

const write = (title: string) => createArticle(admin, { title, body: "Body." });

beforeAll(async () => {
  const row = await db.user.create({
    data: { email: "hooks-admin@example.com", role: "admin", emailVerified: new Date() },
  });
  admin = {
    id: row.id,
    email: row.email,
    name: null,
    role: "admin",
    capabilities: builtInCapabilities("admin"),
    emailVerified: true,
    hasSecondFactor: false,
    secondFactorMissing: false,
    authenticatedAt: new Date(),
  };
  await receiver.start();
});

afterAll(() => receiver.stop());

beforeEach(async () => {
  testRun += 1;
  // Each test its own endpoints, from the chain's head.
  await db.webhookEndpoint.deleteMany();
  await db.workerLease.deleteMany();
  endpointIds = [];
  receiver.received.length = 0;
  receiver.rejected.length = 0;
  receiver.behaviour = {};
  receiver.secrets = [];
  await receiver.start();
});

describe("delivery", () => {
  it("delivers every event asked for, verified, in order; a receiver down mid-run loses none", async () => {
    await endpoint(["article.created"]);
    const other = await endpoint(["user.role_changed"]);
    for (let index = 0; index < 5; index++) await write(`Before ${index}`);
    await sealAuditChain();
    await runWebhookRound(options());
    expect(receiver.received.length).toBeGreaterThan(0);

    // Down: attempts fail and wait their turn; events keep coming.
    await receiver.stop();
    for (let index = 0; index < 5; index++) await write(`During ${index}`);
    await sealAuditChain();
    await runWebhookRound(options());
    await receiver.start();
    for (let index = 0; index < 5; index++) await write(`After ${index}`);
    await drain();

    const titles = receiver
      .distinct()
      .map((entry) => (entry.payload.data as { article: { title: string } }).article.title);
    expect(titles).toEqual(
      ["Before", "During", "After"].flatMap((when) => [0, 1, 2, 3, 4].map((index) => `${when} ${index}`)),
    );
    // Order: each event's place in the audit chain only grows, in the order they first arrived.
    const places = receiver.distinct().map((entry) => entry.event);
    expect(places).toEqual([...places].sort((a, b) => a - b));
    // A repeat carries the same id and the same bytes.
    for (const entry of receiver.received)
      expect(receiver.distinct().find((first) => first.id === entry.id)!.raw).toBe(entry.raw);
    expect(receiver.rejected).toEqual([]);
    // The other endpoint asked for something else and got nothing.
    expect(await db.webhookDelivery.count({ where: { endpointId: other } })).toBe(0);
  });

  it("a rolled-back change emits nothing; a committed one is delivered after a restart", async () => {
    await endpoint(["article.created"]);
    await expect(
      db.$transaction(async (tx) => {
        await recordAuditIn(tx, {
          action: "article.created",
          actor: admin,
          after: { article: "x", title: "Rolled back" },
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    // Committed, and then the instance died before any worker ran: a new one (another holder) delivers it.
    await write("Committed before the crash");
    await drain(options("restarted-instance"));
    expect(receiver.distinct().map((entry) => entry.payload.data)).toEqual([
      expect.objectContaining({ article: expect.objectContaining({ title: "Committed before the crash" }) }),
    ]);
  });

  it("two workers at once deliver each event once; the lease moves when its holder stops", async () => {
    await endpoint(["article.created"]);
    for (let index = 0; index < 12; index++) await write(`Raced ${index}`);
    await sealAuditChain();
    await Promise.all([drain(options("worker-a")), drain(options("worker-b"))]);
    expect(receiver.received).toHaveLength(12);
    expect(new Set(receiver.received.map((entry) => entry.id)).size).toBe(12);

    // worker-a holds the lease: worker-b waits, until a's lapses (it stopped renewing).
    const holder = (await db.workerLease.findUniqueOrThrow({ where: { name: "webhooks" } })).holder;
    const waiting = holder.startsWith("worker-a") ? "worker-b" : "worker-a";
    await write("After the race");
    await sealAuditChain();
    expect((await runWebhookRound(options(waiting))).held).toBe(false);
    await db.workerLease.update({ where: { name: "webhooks" }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await holdLease("webhooks", options(waiting).holder, 30_000)).toBe(true);
    await drain(options(waiting));
    expect(receiver.received).toHaveLength(13);
  });
});

describe("changes while a run is under way", () => {
  it("an endpoint deleted mid-run stops getting events, and the round ends cleanly", async () => {
    const id = await endpoint(["article.created"]);
    for (let index = 0; index < 4; index++) await write(`Mid-run ${index}`);
    await sealAuditChain();
    receiver.behaviour = { delayMs: 150 };
    const round = runWebhookRound(options());
    await new Promise((resolve) => setTimeout(resolve, 200));
    await db.webhookEndpoint.delete({ where: { id } });
    await expect(round).resolves.toMatchObject({ held: true });
    expect(receiver.received.length).toBeLessThan(4);
    expect(await db.webhookDelivery.count({ where: { endpointId: id } })).toBe(0);
  });
});

describe("retries and pausing", () => {
  it("retries on the schedule, pauses after the last attempt, tells the keepers, and resumes in order", async () => {
    const id = await endpoint(["article.created"]);
    receiver.behaviour = { status: 503 };
    await write("Failing");
    await write("Behind it");
    await drain(options(), 15);
    const failed = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id }, orderBy: { seq: "asc" } });
    // The first attempt and one per wait of the schedule, each logged with its status and answer.
    expect(failed.status).toBe("failed");
    const attempts = await db.webhookAttempt.findMany({ where: { deliveryId: failed.id } });
    expect(attempts).toHaveLength(4);
    expect(attempts.every((attempt) => attempt.status === 503 && attempt.answer === "not now")).toBe(true);
    // In order: the event behind it was never tried.
    const behind = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id }, orderBy: { seq: "desc" } });
    expect(behind.attempts).toBe(0);
    const paused = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(paused.pausedAt).not.toBeNull();
    expect(paused.pausedReason).toContain("4 attempts");
    const mail = await db.outboxMail.findFirst({ where: { to: admin.email }, orderBy: { createdAt: "desc" } });
    expect(mail?.subject).toContain("webhook endpoint was paused");
    expect(await db.auditEvent.count({ where: { action: "webhook.paused" } })).toBeGreaterThan(0);

    receiver.behaviour = {};
    expect((await setPaused(admin, id, false)).ok).toBe(true);
    await drain();
    expect(
      receiver.distinct().map((entry) => (entry.payload.data as { article: { title: string } }).article.title),
    ).toEqual(["Failing", "Behind it"]);
  });

  it("sends one event, or every event since a time, again under the same id", async () => {
    const id = await endpoint(["article.created"]);
    const start = new Date(Date.now() - 1_000);
    await write("One");
    await write("Two");
    await drain();
    const [first] = receiver.distinct();
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { id: first.id } });
    expect((await redeliver(admin, { delivery: delivery.id })).ok).toBe(true);
    await drain();
    expect(receiver.received.map((entry) => entry.id)).toEqual([first.id, receiver.received[1].id, first.id]);
    const again = await redeliver(admin, { endpoint: id, since: start });
    expect(again).toMatchObject({ ok: true, message: expect.stringContaining("2 events") });
    await drain();
    expect(receiver.received).toHaveLength(5);
    expect(new Set(receiver.received.map((entry) => entry.id)).size).toBe(2);
  });
});

describe("signatures and payloads", () => {
  it("a rotated secret signs beside the old one, so a receiver holding either verifies", async () => {
    const id = await endpoint(["article.created"]);
    const rotated = await rotateSecret(admin, id);
    if (!rotated.ok) throw new Error(rotated.message);
    // A receiver that has only the old secret, then one that has only the new.
    const old = receiver.secrets[0];
    receiver.secrets = [old];
    await write("Old secret");
    await drain();
    receiver.secrets = [rotated.secret!];
    await write("New secret");
    await drain();
    expect(receiver.distinct()).toHaveLength(2);
    expect(receiver.rejected).toEqual([]);
    // A receiver with neither refuses it (the signature means something).
    receiver.secrets = ["whsec_" + Buffer.alloc(32, 1).toString("base64")];
    await write("Nobody's secret");
    await sealAuditChain();
    await runWebhookRound(options());
    expect(receiver.rejected).toHaveLength(1);
  });

  it("payloads carry ids and what changed, never the token's secret, an address or a browser", async () => {
    await endpoint(["token.created", "article.updated"]);
    const made = await createToken(admin, { name: "Deploy", scopes: ["articles:read"], expiresAt: null });
    if (!made.ok) throw new Error("no token");
    await drain();
    const [event] = receiver.distinct();
    expect(event.payload).toMatchObject({
      type: "token.created",
      data: { person: { id: admin.id }, token: { name: "Deploy", scopes: ["articles:read"] } },
    });
    expect(event.raw).not.toContain(made.token);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "token.created" }, orderBy: { id: "desc" } });
    expect(audit.userAgent ?? "").toBe("");
    for (const forbidden of ["ip", "userAgent", "passwordHash"]) expect(event.raw).not.toContain(`"${forbidden}"`);
  });
});

describe("safety", () => {
  it("refuses endpoint URLs that are not https or that name this machine or a private network", () => {
    for (const url of [
      "http://example.com/hooks",
      "https://10.0.0.8/hooks",
      "https://localhost/x",
      "https://[::1]/x",
      "ftp://example.com",
    ])
      expect(webhookUrlProblem(url, [])).not.toBeNull();
    expect(webhookUrlProblem("https://hooks.example.com/gatehouse", [])).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:4000/hooks", ["127.0.0.1"])).toBeNull();
  });

  it("a name resolving to a private address, a redirect, a stall and a huge answer: refused or cut short, and logged", async () => {
    const id = await endpoint(["article.created"]);
    // The name passed when saved, and resolves to loopback at delivery (DNS rebinding): refused.
    await db.webhookEndpoint.update({ where: { id }, data: { url: "https://hooks.rebinding.test/in" } });
    const rebinding = options("worker-a", {
      allowHosts: [],
      resolver: async () => [{ address: "127.0.0.1", family: 4 }],
      schedule: LONG_WAITS,
    });
    await write("Never sent");
    await sealAuditChain();
    await runWebhookRound(rebinding);
    const refused = await db.webhookAttempt.findFirstOrThrow({ where: { delivery: { endpointId: id } } });
    expect(refused).toMatchObject({
      ok: false,
      status: null,
      answer: expect.stringContaining("not on the public internet"),
    });
    expect(receiver.received).toHaveLength(0);

    // A redirect is not followed.
    await db.webhookEndpoint.update({ where: { id }, data: { url: receiver.url } });
    await db.webhookDelivery.updateMany({ where: { endpointId: id }, data: { nextAttemptAt: new Date() } });
    receiver.behaviour = { status: 307, location: "http://169.254.169.254/latest/meta-data/" };
    await runWebhookRound(options("worker-a", { schedule: LONG_WAITS }));
    const redirect = await db.webhookAttempt.findFirstOrThrow({
      where: { delivery: { endpointId: id } },
      orderBy: { id: "desc" },
    });
    expect(redirect.answer).toContain("redirects are not followed");

    // A stalled receiver costs one timeout, not a held worker.
    await db.webhookDelivery.updateMany({ where: { endpointId: id }, data: { nextAttemptAt: new Date() } });
    receiver.behaviour = { delayMs: 3_000 };
    const started = Date.now();
    await runWebhookRound(options("worker-a", { timeoutMs: 300, schedule: LONG_WAITS }));
    expect(Date.now() - started).toBeLessThan(2_000);
    const stalled = await db.webhookAttempt.findFirstOrThrow({
      where: { delivery: { endpointId: id } },
      orderBy: { id: "desc" },
    });
    expect(stalled.answer).toContain("No answer within 300 ms");

    // A huge answer: delivered by its status, only its start read and kept.
    await db.webhookDelivery.updateMany({ where: { endpointId: id }, data: { nextAttemptAt: new Date() } });
    receiver.behaviour = { bodyBytes: 20 * 1024 * 1024 };
    await runWebhookRound(options());
    const huge = await db.webhookAttempt.findFirstOrThrow({
      where: { delivery: { endpointId: id } },
      orderBy: { id: "desc" },
    });
    expect(huge).toMatchObject({ ok: true, status: 200 });
    expect(huge.answer.length).toBeLessThanOrEqual(300);
  });

  it("only manage-webhooks changes endpoints, re-read inside the transaction", async () => {
    const id = await endpoint(["article.created"]);
    const writer = await db.user.create({ data: { email: "hooks-writer@example.com", role: "writer" } });
    const asWriter = { id: writer.id, email: writer.email };
    expect(
      await updateEndpoint(asWriter, {
        id,
        url: "https://evil.example/x",
        description: "",
        events: ["article.created"],
      }),
    ).toEqual({
      ok: false,
      message: expect.stringContaining("no longer allows"),
    });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).url).toBe(receiver.url);
  });
});

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startInstance, startOwnDatabase } from "../support/app-instances.mjs";
import { WebhookReceiver } from "../support/webhook-receiver";
import { countOf, runSql, storedDate } from "./support/database";
import { E2E_AUTH_SECRET, TEST_PEOPLE } from "./support/fixtures";
import { waitForMail } from "./support/mail";
import { openTokenForm } from "./support/tokens";

// Issue 34, as an admin and another system see it, on production instances sharing a database of
// their own: an endpoint added under Admin → Webhooks gets every event it asked for, each verified by
// a receiver with the standardwebhooks library, in order, through a receiver outage, a second
// instance, and an instance killed with events not yet delivered; the audit stream reaches a loopback
// syslog server and its verifier passes; a receiver that keeps failing pauses the endpoint, which
// the overview and a mail say, and Resume sends what waited, in order.

test.describe.configure({ mode: "default" });

const PORTS = [3107, 3108, 3109];
const origin = (port: number) => `http://localhost:${port}`;
type Instance = Awaited<ReturnType<typeof startInstance>>;
let database: { url: string; drop: () => Promise<unknown> } | undefined;
const instances: Instance[] = [];
const receiver = new WebhookReceiver();
const captured: Buffer[] = [];
const syslog = net.createServer((socket) => socket.on("data", (chunk: Buffer) => captured.push(chunk)));
const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-webhooks-"));

/** An instance on the shared database; `schedule` is its WEBHOOK_RETRY_SCHEDULE. */
function start(port: number, schedule = "1s 2s 4s 8s 15s 30s") {
  return startInstance(port, {
    DATABASE_URL: database!.url,
    AUTH_SECRET: E2E_AUTH_SECRET,
    AUTH_URL: origin(port),
    OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
    WEBHOOK_RETRY_SCHEDULE: schedule,
    AUDIT_SYSLOG_URL: `tcp://127.0.0.1:${(syslog.address() as net.AddressInfo).port}`,
  }).then((instance) => (instances.push(instance), instance));
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await startOwnDatabase("webhooks");
  await receiver.start();
  await new Promise<void>((resolve) => syslog.listen(0, "127.0.0.1", resolve));
  // No role must set up two-step sign-in here: the demo admin signs in with the password alone.
  await runSql(database.url, `DELETE FROM "Setting" WHERE "key" = ?`, ["second-factor.required-roles"]);
  await runSql(
    database.url,
    `INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('second-factor.required-roles', '[]', ?)`,
    [storedDate(new Date(), database.url)],
  );
  await start(PORTS[0]);
});

test.afterAll(async () => {
  for (const instance of instances) await instance.stop();
  await database?.drop();
  await receiver.stop();
  syslog.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signedInAdmin(browser: Browser, port: number) {
  const context = await browser.newContext({ baseURL: origin(port), storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(TEST_PEOPLE.admin.email);
  await page.getByLabel("Password").fill(TEST_PEOPLE.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard|\/admin/);
  return page;
}

/** Adds an endpoint through the form; the receiver keeps its secret, shown once. */
async function addEndpoint(page: Page, url: string, events: RegExp[]) {
  await page.goto("/admin/webhooks");
  const form = page.locator("form[data-form=new-webhook]");
  await form.getByLabel("URL events are posted to").fill(url);
  await form.getByLabel("What it is for").fill("The HR system");
  for (const event of events) await form.getByLabel(event).check();
  await form.getByRole("button", { name: "Add endpoint" }).click();
  const secret = page.getByTestId("shown-once-secret");
  await expect(secret).toHaveText(/^whsec_/);
  receiver.secrets.push((await secret.textContent())!);
  await page.reload();
  await expect(page.getByTestId("shown-once-secret")).toHaveCount(0);
  return page.locator("[data-endpoint]").last().getAttribute("data-endpoint");
}

async function apiToken(page: Page, name: string) {
  await page.goto("/settings/tokens");
  await openTokenForm(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(/^articles:write/).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token").locator("code");
  await expect(shown).toHaveText(/^gat_/);
  return (await shown.textContent())!;
}

async function publish(port: number, token: string, title: string) {
  const answer = await fetch(`${origin(port)}/api/v1/articles`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ title, body: "Sent to the HR system." }),
  });
  expect(answer.status, title).toBe(201);
}

/** The titles of the articles whose events reached `path`, in the order they first arrived. */
const titles = (path = "/hooks") =>
  receiver
    .distinct()
    .filter((entry) => entry.path === path)
    .map((entry) => (entry.payload.data as { article?: { title?: string } }).article?.title);

test("events reach a receiver verified and in order, through an outage, a second instance and a killed one", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const page = await signedInAdmin(browser, PORTS[0]);
  const id = await addEndpoint(page, receiver.url, [/\(article\.created\)/, /\(user\.role_changed\)/]);
  const token = await apiToken(page, `Events ${id}`);

  const sent: string[] = [];
  const send = async (port: number, title: string) => {
    await publish(port, token, title);
    sent.push(title);
  };
  for (let index = 0; index < 4; index++) await send(PORTS[0], `Up ${index}`);
  await expect.poll(() => titles(), { timeout: 15_000 }).toEqual(sent);

  // The receiver goes down; events keep coming, from a second instance too.
  await receiver.stop();
  await start(PORTS[1]);
  for (let index = 0; index < 4; index++) await send(PORTS[index % 2], `Down ${index}`);
  // The worker (about once a second) meets the receiver down, and logs the attempt.
  await expect
    .poll(() => countOf(database!.url, `SELECT COUNT(*) FROM "WebhookAttempt" WHERE NOT "ok"`, []), {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  // The first instance dies with events not yet delivered; the receiver comes back.
  await instances[0].kill();
  await receiver.start();
  for (let index = 0; index < 3; index++) await send(PORTS[1], `After ${index}`);
  // The lease of a killed instance lapses within 30 s; then the other delivers everything.
  await expect.poll(() => titles(), { timeout: 60_000, intervals: [500] }).toEqual(sent);
  expect(receiver.rejected).toEqual([]);
  // At least once: a repeat carries the id and bytes of the first.
  for (const entry of receiver.received)
    expect(receiver.distinct().find((first) => first.id === entry.id)!.raw).toBe(entry.raw);

  // The delivery log, as the admin sees it: the failed attempts while it was down, then 200.
  const admin = await signedInAdmin(browser, PORTS[1]);
  await admin.goto(`/admin/webhooks/${id}`);
  const down = admin.locator("[data-delivery]", { hasText: "article.created" }).filter({ hasText: "no answer" });
  await expect(down.first()).toBeVisible();
  await expect(down.first().getByTestId("attempts")).toContainText(" · 200 · ");

  // The audit stream: every sealed entry reached the syslog server, and the receiver's verifier says so.
  await expect
    .poll(
      async () => {
        const file = path.join(dir, "stream.log");
        writeFileSync(file, Buffer.concat(captured));
        try {
          return execFileSync(
            process.execPath,
            ["node_modules/tsx/dist/cli.mjs", "scripts/verify-audit-stream.ts", file],
            {
              encoding: "utf8",
              stdio: ["ignore", "pipe", "pipe"],
            },
          );
        } catch (error) {
          return (error as { stderr: string }).stderr;
        }
      },
      { timeout: 20_000 },
    )
    .toMatch(/^OK: \d+ entries, 1 to \d+/);
  // Stopped cleanly, an instance gives the lease up for the next test's instance.
  await instances[1].stop();
});

test("a receiver that keeps failing pauses its endpoint; the overview and a mail say so; Resume sends what waited", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const port = PORTS[2];
  await start(port, "300ms 300ms 300ms 300ms 300ms");
  const page = await signedInAdmin(browser, port);
  receiver.behaviour = { status: 500 };
  const url = `${receiver.url}/second`;
  const id = await addEndpoint(page, url, [/\(article\.created\)/]);
  const token = await apiToken(page, `Events ${id}`);
  await publish(port, token, "First while failing");
  await publish(port, token, "Second while failing");

  // The first attempt and the 5 retries of the schedule, then the endpoint pauses.
  await expect
    .poll(
      async () => {
        await page.goto("/admin");
        return page.getByTestId("paused-webhooks").count();
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toBe(1);
  await expect(page.getByTestId("paused-webhooks")).toContainText(url);
  await waitForMail(TEST_PEOPLE.admin.email, /webhook endpoint was paused/);
  await page.getByTestId("paused-webhooks").getByRole("link", { name: url, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Paused" })).toContainText("6 attempts");

  receiver.behaviour = {};
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByText("Resumed.")).toBeVisible();
  await expect
    .poll(() => titles("/hooks/second"), { timeout: 15_000 })
    .toEqual(["First while failing", "Second while failing"]);
  await page.reload();
  await expect(page.locator(`[data-status=delivered]`)).toHaveCount(2);
  expect(id).toMatch(/^wh_/);
});

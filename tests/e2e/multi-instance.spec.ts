import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { startRoundRobinProxy } from "../fixtures/round-robin-proxy.mjs";
import { startInstance, startSharedDatabase } from "../support/app-instances.mjs";
import { usesPostgres } from "../../scripts/lib/test-databases.mjs";
import { actionFormBody, serverActionId } from "./support/actions";
import { adminAct } from "./support/admin";
import { SUBJECTS, linkIn, mailsTo, waitForMail } from "./support/mail";
import { E2E_AUTH_SECRET, SESSION_COOKIE, TEST_PEOPLE, ownNetwork } from "./support/fixtures";
import { signInThroughForm, signOutThroughHeader } from "./support/sign-in";
import { openTokenForm } from "./support/tokens";
import * as client from "openid-client";
import { allowAll, registerAppInUi, tokensThroughBrowser } from "./support/oauth-apps";

// Two production instances (A and B) behind a reverse proxy, one PostgreSQL database and one Redis,
// as docs/operations.md describes. Each browser context can be pinned to one
// instance, so a test can act on A and look from B.

test.skip(!usesPostgres, "runs in the PostgreSQL pass of npm test (TEST_DATABASE=postgres)");
test.describe.configure({ mode: "serial" });

const PORTS = { a: 3110, b: 3111, proxy: 3112 };
const PROXY = `http://localhost:${PORTS.proxy}`;
const TOKEN_LIMIT = 10;
const INSTANCE = { a: "0", b: "1" } as const;

let stopAll: () => Promise<unknown>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const database = await startSharedDatabase("multi");
  const env = {
    DATABASE_URL: database.url,
    AUTH_SECRET: E2E_AUTH_SECRET,
    // Every instance knows the public URL: the proxy's.
    AUTH_URL: PROXY,
    RATE_LIMIT_REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    API_RATE_LIMIT_PER_MINUTE: String(TOKEN_LIMIT),
    // As behind a CDN and then the proxy: the client address is the entry the CDN appended, so a
    // test can come from a network of its own. The Redis outlives a run, and counters per network
    // would otherwise carry over from the last run within the hour.
    TRUSTED_PROXY_HOPS: "2",
  };
  const instances = await Promise.all([startInstance(PORTS.a, env), startInstance(PORTS.b, env)]);
  const proxy = await startRoundRobinProxy(
    PORTS.proxy,
    instances.map((instance) => instance.origin),
  );
  stopAll = async () => {
    await proxy.close();
    await Promise.all(instances.map((instance) => instance.stop()));
    await database.drop();
  };
});

test.afterAll(async () => stopAll?.());

async function contextOn(browser: Browser, instance: keyof typeof INSTANCE): Promise<BrowserContext> {
  return browser.newContext({ baseURL: PROXY, extraHTTPHeaders: { "x-upstream-pin": INSTANCE[instance] } });
}

function pin(context: BrowserContext, instance: keyof typeof INSTANCE) {
  return context.setExtraHTTPHeaders({ "x-upstream-pin": INSTANCE[instance] });
}

test("a session made on A is accepted by B, and requests through the proxy reach both", async ({ browser }) => {
  const context = await contextOn(browser, "a");
  const page = await context.newPage();
  await signInThroughForm(page, TEST_PEOPLE.writer);

  await pin(context, "b");
  const onB = await page.goto("/dashboard");
  expect(onB!.headers()["x-upstream"]).toBe(String(PORTS.b));
  await expect(page.getByTestId("role-badge")).toHaveText("writer");

  // Unpinned, one request at a time (a page load would also fetch its scripts through the proxy).
  await context.setExtraHTTPHeaders({});
  const upstreams = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const response = await context.request.get(i % 2 ? "/dashboard" : "/settings/tokens", { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    upstreams.add(response.headers()["x-upstream"]);
  }
  expect([...upstreams].sort()).toEqual([String(PORTS.a), String(PORTS.b)]);
  await context.close();
});

test("a role change made on A binds on B at the person's next request", async ({ browser }) => {
  const personContext = await contextOn(browser, "b");
  const person = await personContext.newPage();
  await signInThroughForm(person, TEST_PEOPLE.user);
  expect((await person.goto("/editor"))!.status()).toBe(403);

  const adminContext = await contextOn(browser, "a");
  const admin = await adminContext.newPage();
  await signInThroughForm(admin, TEST_PEOPLE.admin);
  expect(await adminAct(admin, TEST_PEOPLE.user.email, "Change role", "editor")).toBe(
    `${TEST_PEOPLE.user.email} is now editor.`,
  );

  const after = await person.goto("/editor");
  expect(after!.status()).toBe(200);
  expect(after!.headers()["x-upstream"]).toBe(String(PORTS.b));
  await expect(person.getByTestId("role-badge")).toHaveText("editor");
  await Promise.all([personContext.close(), adminContext.close()]);
});

test("sign-out on A ends the session on B, even for a copy of the cookie", async ({ browser, playwright }) => {
  const context = await contextOn(browser, "a");
  const page = await context.newPage();
  await signInThroughForm(page, TEST_PEOPLE.editor);
  const copy = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)!;
  await signOutThroughHeader(page);
  await context.close();

  const onB = await playwright.request.newContext({
    baseURL: `http://localhost:${PORTS.b}`,
    storageState: { cookies: [copy], origins: [] },
  });
  const response = await onB.get("/dashboard", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toContain("/signin");
  expect(await (await onB.get("/api/auth/session")).json()).toBeNull();
  await onB.dispose();
});

test("API rate limits count across both instances (shared Redis store)", async ({ browser, playwright }) => {
  const context = await contextOn(browser, "a");
  const page = await context.newPage();
  await signInThroughForm(page, TEST_PEOPLE.writer);
  await page.goto("/settings/tokens");
  await openTokenForm(page);
  await page.getByLabel("Name").fill("multi-instance");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByLabel("New token");
  await expect(shown).toHaveText(/^gat_/);
  const token = (await shown.textContent())!;
  await context.close();

  const clients = await Promise.all(
    [PORTS.a, PORTS.b].map((port) =>
      playwright.request.newContext({
        baseURL: `http://localhost:${port}`,
        extraHTTPHeaders: { authorization: `Bearer ${token}` },
      }),
    ),
  );
  const statuses: number[] = [];
  for (let i = 0; i <= TOKEN_LIMIT; i++) statuses.push((await clients[i % 2].get("/api/v1/articles")).status());
  expect(statuses.slice(0, TOKEN_LIMIT)).toEqual(Array(TOKEN_LIMIT).fill(200));
  // Each instance alone has seen only about half the requests; together they have seen the limit.
  expect(statuses[TOKEN_LIMIT]).toBe(429);
  const refusedOnOther = await clients[(TOKEN_LIMIT + 1) % 2].get("/api/v1/articles");
  expect(refusedOnOther.status()).toBe(429);
  expect(Number(refusedOnOther.headers()["retry-after"])).toBeGreaterThan(0);
  await Promise.all(clients.map((client) => client.dispose()));
});

test("sign-in throttling counts failures made on either instance (shared store)", async ({ playwright }) => {
  const email = `multi-throttle-${Date.now()}@gatehouse.test`;
  const network = ownNetwork();
  const clients = await Promise.all(
    (["a", "b"] as const).map((instance) =>
      playwright.request.newContext({
        baseURL: PROXY,
        extraHTTPHeaders: { "x-upstream-pin": INSTANCE[instance], ...network },
      }),
    ),
  );
  const attempt = async (client: (typeof clients)[number], password: string) => {
    const response = await client.post("/signin", {
      headers: { "next-action": serverActionId("signInAction"), origin: PROXY },
      multipart: actionFormBody({ callbackUrl: "/dashboard", email, password }),
      maxRedirects: 0,
    });
    return (await response.text()).match(/"message":"([^"]+)"/)?.[1];
  };
  // Five wrong passwords, three on A and two on B: neither instance alone has seen five.
  for (let i = 0; i < 5; i++)
    expect(await attempt(clients[i % 2], `wrong-${i}`)).toBe("Email or password is incorrect.");
  for (const client of clients) expect(await attempt(client, "another-guess")).toMatch(/^Too many sign-in attempts\./);
  await Promise.all(clients.map((client) => client.dispose()));
});

test("reset requests count across instances, and a link mailed by A works on B", async ({ playwright, browser }) => {
  const person = { email: `multi-reset-${Date.now()}@gatehouse.test`, password: "violet-kettle-orbit-42" };
  const network = ownNetwork();
  const clients = await Promise.all(
    (["a", "b"] as const).map((instance) =>
      playwright.request.newContext({
        baseURL: PROXY,
        extraHTTPHeaders: { "x-upstream-pin": INSTANCE[instance], ...network },
      }),
    ),
  );
  const signUp = await clients[0].post("/signup", {
    headers: { "next-action": serverActionId("signUpAction"), origin: PROXY },
    multipart: actionFormBody({ name: "", ...person }),
    maxRedirects: 0,
  });
  expect(signUp.headers()["x-action-redirect"]).toMatch(/^\/signin\?registered=1/);
  const askForReset = async (client: (typeof clients)[number]) => {
    const response = await client.post("/forgot-password", {
      headers: { "next-action": serverActionId("forgotPasswordAction"), origin: PROXY },
      multipart: actionFormBody({ email: person.email }),
      maxRedirects: 0,
    });
    return (await response.text()).match(/"message":"([^"]+)"/)?.[1];
  };
  // Five requests for one address, alternating instances, then both refuse the sixth.
  for (let i = 0; i < 5; i++) expect(await askForReset(clients[i % 2])).toMatch(/^If an account uses /);
  for (const client of clients) expect(await askForReset(client)).toMatch(/^Too many reset requests\./);

  // Only the newest of the five links works (each new one ends the older ones), wherever it is opened.
  await waitForMail(person.email, SUBJECTS.reset, 5);
  const links = (await mailsTo(person.email))
    .filter((mail) => SUBJECTS.reset.test(mail.subject))
    .map((mail) => linkIn(mail, "/reset-password"));
  const usable: string[] = [];
  for (const link of links) {
    const html = await (await clients[1].get(`${new URL(link).pathname}${new URL(link).search}`)).text();
    if (!html.includes('data-testid="link-problem"')) usable.push(link);
  }
  expect(usable).toHaveLength(1);
  const newest = usable[0];
  const context = await contextOn(browser, "b");
  const page = await context.newPage();
  await page.goto(`${new URL(newest).pathname}${new URL(newest).search}`);
  await page.getByLabel("New password").fill("amber-lantern-quartz-77");
  await page.getByRole("button", { name: "Set my new password" }).click();
  await expect(page).toHaveURL(/\/dashboard\?passwordReset=1/);
  await context.close();
  await Promise.all(clients.map((client) => client.dispose()));
});

test("an instance whose shared Redis does not answer stays ready, says it is degraded, and why", async ({
  playwright,
}) => {
  test.setTimeout(90_000);
  const database = await startSharedDatabase("ready");
  const instance = await startInstance(3113, {
    DATABASE_URL: database.url,
    AUTH_SECRET: E2E_AUTH_SECRET,
    AUTH_URL: "http://localhost:3113",
    // Nothing listens here.
    RATE_LIMIT_REDIS_URL: "redis://127.0.0.1:6390",
  });
  const client = await playwright.request.newContext({ baseURL: instance.origin });
  try {
    expect((await client.get("/api/health/live")).status()).toBe(200);
    const started = Date.now();
    const ready = await client.get("/api/health/ready");
    expect(Date.now() - started, "answered within the check's time limit").toBeLessThan(5_000);
    // Limits then count in the instance's memory: taking it out of rotation would turn a lost counter
    // into an outage (every instance shares the one Redis).
    expect(ready.status()).toBe(200);
    const body = (await ready.json()) as { status: string; database: { status: string }; rateLimitStore: unknown };
    expect(body.status).toBe("degraded");
    expect(body.database.status).toBe("ok");
    expect(body.rateLimitStore).toEqual({
      status: "unavailable",
      message: "The shared rate-limit store (Redis) did not answer.",
    });
    expect(JSON.stringify(body)).not.toContain("6390");
  } finally {
    await client.dispose();
    await instance.stop();
    await database.drop();
  }
});

test("OAuth: a code issued on A is redeemed on B, and revoking the app's access on A binds on B", async ({
  browser,
  playwright,
}) => {
  const context = await contextOn(browser, "a");
  const page = await context.newPage();
  await signInThroughForm(page, TEST_PEOPLE.writer);
  const { clientId, secret } = await registerAppInUi(page, { name: `Both instances ${Date.now()}` });
  const config = await client.discovery(
    new URL(`${PROXY}/api/oauth`),
    clientId,
    undefined,
    client.ClientSecretBasic(secret!),
    { execute: [client.allowInsecureRequests] },
  );
  // The app's own requests (the code exchange) go to B.
  config[client.customFetch] = (url, options) =>
    fetch(url, {
      ...(options as RequestInit),
      headers: { ...(options.headers as Record<string, string>), "x-upstream-pin": INSTANCE.b },
    });

  const tokens = await tokensThroughBrowser(page, config, { scope: "openid articles:read", consent: allowAll });
  const onB = await playwright.request.newContext({
    baseURL: PROXY,
    extraHTTPHeaders: { authorization: `Bearer ${tokens.access_token}`, "x-upstream-pin": INSTANCE.b },
  });
  const read = await onB.get("/api/v1/articles");
  expect(read.status()).toBe(200);
  expect(read.headers()["x-upstream"]).toBe(String(PORTS.b));

  await page.goto("/settings/connected-apps");
  await page.getByRole("button", { name: "Revoke" }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke access" }).click();
  await expect(page.getByText("No app has access to your account.")).toBeVisible();
  expect((await onB.get("/api/v1/articles")).status()).toBe(401);
  await Promise.all([onB.dispose(), context.close()]);
});

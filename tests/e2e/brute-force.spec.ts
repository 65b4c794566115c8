import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test, type APIRequestContext } from "@playwright/test";
import { SIGN_IN_LIMITS } from "@/lib/auth/credentials/sign-in-throttle";
import { SIGN_UP_LIMIT } from "@/lib/auth/credentials/sign-up-throttle";
import { actionFormBody, serverActionId } from "./support/actions";
import { E2E_ORIGIN, TEST_PEOPLE, ownNetwork, storageStatePath } from "./support/fixtures";
import { openTokenForm } from "./support/tokens";

// Guessing passwords and creating accounts in bulk, as an attacker with one machine (or one IPv6
// /64) would: in parallel bursts, with addresses rotated inside their own network, with emails that
// do not parse. The limits hold however the requests are timed, and the audit log records each
// limit being reached once, not once per refused request.

type Outcome = "incorrect" | "throttled" | "signed-in" | "busy" | string;

async function authJs(network: Record<string, string>) {
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: network });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return { context, csrfToken };
}

/** One password attempt through Auth.js's credentials endpoint; what the redirect says about it. */
async function attempt(
  client: { context: APIRequestContext; csrfToken: string },
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  const response = await client.context.post("/api/auth/callback/credentials", {
    form: { csrfToken: client.csrfToken, email, password },
    headers,
    maxRedirects: 0,
  });
  const location = decodeURIComponent(response.headers().location ?? "");
  if (location.includes("code=throttled")) return "throttled";
  if (location.includes("code=busy")) return "busy";
  if (location.includes("error=CredentialsSignin")) return "incorrect";
  if (response.status() === 302) return "signed-in";
  return `${response.status()} ${location}`;
}

const tally = (outcomes: Outcome[]) =>
  outcomes.reduce<Record<string, number>>(
    (counts, outcome) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }),
    {},
  );

/** Audit entries as the admin's CSV export lists them: [action, targetEmail, ip, after] per row. */
async function auditRows(query: Record<string, string>): Promise<string[][]> {
  const admin = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: storageStatePath("admin") });
  const csv = await (await admin.get(`/admin/audit/export?${new URLSearchParams(query)}`)).text();
  await admin.dispose();
  return csv
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((cell) => cell[1].replaceAll('""', '"')))
    .map((cells) => [cells[2], cells[5], cells[9], cells[8]]);
}

test("150 parallel guesses at one account from one network get at most 5 password checks, and one audit entry per limit reached", async () => {
  const email = `burst-${randomUUID().slice(0, 8)}@example.test`;
  const client = await authJs(ownNetwork());
  const outcomes = await Promise.all(Array.from({ length: 150 }, (_, i) => attempt(client, email, `guess-${i}`)));
  expect(tally(outcomes)).toEqual({
    incorrect: SIGN_IN_LIMITS.accountAddress,
    throttled: 150 - SIGN_IN_LIMITS.accountAddress,
  });

  const rows = await auditRows({ q: email });
  expect(rows.filter(([action]) => action === "auth.sign_in_failed")).toHaveLength(SIGN_IN_LIMITS.accountAddress);
  // 150 attempts reach all three limits (5 for the account from this network, 30 for the network,
  // 50 for the account): one entry each, not 145.
  const throttled = rows
    .filter(([action]) => action === "auth.sign_in_throttled")
    .map(([, , , after]) => JSON.parse(after).limit);
  expect(throttled.sort()).toEqual(["account", "account-and-network", "network"]);
  await client.context.dispose();
});

test("150 parallel guesses spread over 150 accounts from one network get at most 30 password checks", async () => {
  const client = await authJs(ownNetwork());
  const outcomes = await Promise.all(
    Array.from({ length: 150 }, (_, i) =>
      attempt(client, `spray-${i}-${randomUUID().slice(0, 6)}@example.test`, "Password123456"),
    ),
  );
  const counts = tally(outcomes);
  expect(counts.incorrect).toBe(SIGN_IN_LIMITS.address);
  expect(counts.throttled).toBe(150 - SIGN_IN_LIMITS.address);
  await client.context.dispose();
});

test("an IPv6 client cannot dodge the throttle by rotating addresses inside its /64", async () => {
  const email = `rotator-${randomUUID().slice(0, 8)}@example.test`;
  const prefix = ownNetwork()["x-forwarded-for"].replace(/::[0-9a-f]+$/, "");
  const client = await authJs({});
  const outcomes: Outcome[] = [];
  for (let i = 1; i <= SIGN_IN_LIMITS.accountAddress + 1; i++)
    outcomes.push(
      await attempt(client, email, `guess-${i}`, { "x-forwarded-for": `${prefix}::${i.toString(16)}:beef` }),
    );
  expect(outcomes.at(-1)).toBe("throttled");
  // A neighbour in another /64 is not affected.
  expect(await attempt(client, email, "guess-elsewhere", ownNetwork())).toBe("incorrect");
  await client.context.dispose();
});

test("attempts whose email does not parse are throttled by network too, and write nothing to the audit log", async () => {
  const network = ownNetwork();
  const client = await authJs(network);
  const outcomes: Outcome[] = [];
  for (let i = 0; i <= SIGN_IN_LIMITS.address; i++)
    outcomes.push(await attempt(client, `not an email ${i} =1+2`, "whatever"));
  expect(outcomes.slice(0, SIGN_IN_LIMITS.address).every((outcome) => outcome === "incorrect")).toBe(true);
  expect(outcomes.at(-1)).toBe("throttled");
  // A real account from that network waits as well: the network has used its attempts.
  expect(await attempt(client, TEST_PEOPLE.user.email, TEST_PEOPLE.user.password)).toBe("throttled");
  const fromThere = (await auditRows({ action: "auth.sign_in_failed" })).filter(
    ([, , ip]) => ip === network["x-forwarded-for"],
  );
  expect(fromThere).toEqual([]);
  await client.context.dispose();
});

async function signUp(network: Record<string, string>, email = `signup-${randomUUID().slice(0, 8)}@example.test`) {
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: network });
  const response = await context.post("/signup", {
    headers: { "next-action": serverActionId("signUpAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ name: "", email, password: "violet-kettle-orbit-42" }),
    maxRedirects: 0,
  });
  const redirect = response.headers()["x-action-redirect"] ?? "";
  const message = (await response.text()).match(/"message":"([^"]+)"/)?.[1];
  await context.dispose();
  return {
    status: response.status(),
    outcome: redirect.startsWith("/signin?registered=1") ? "registered" : (message ?? `status ${response.status()}`),
  };
}

test(`one network can sign up ${SIGN_UP_LIMIT} people an hour; the next is told to wait, also from a neighbouring address in its /64`, async () => {
  const network = ownNetwork();
  for (let i = 0; i < SIGN_UP_LIMIT; i++) expect((await signUp(network)).outcome).toBe("registered");
  expect((await signUp(network)).outcome).toMatch(
    /^Too many sign-ups from your network\. Try again in \d+ minutes?\.$/,
  );
  const neighbour = { "x-forwarded-for": network["x-forwarded-for"].replace(/::[0-9a-f]+$/, "::1234") };
  expect((await signUp(neighbour)).outcome).toMatch(/^Too many sign-ups from your network/);
  expect((await signUp(ownNetwork())).outcome).toBe("registered");
});

test("a token used from many networks writes at most 10 audit entries a day about it, then one saying so", async ({
  browser,
}) => {
  const context = await browser.newContext({ storageState: storageStatePath("writer") });
  const page = await context.newPage();
  await page.goto("/settings/tokens");
  await openTokenForm(page);
  await page.getByLabel("Name").fill(`roaming ${randomUUID().slice(0, 6)}`);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByLabel("New token").textContent())!;
  await context.close();

  const api = await apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  for (let i = 0; i < 25; i++)
    expect((await api.get("/api/v1/articles?limit=1", { headers: ownNetwork() })).status()).toBe(200);
  // Addresses inside one network are one network.
  const home = ownNetwork()["x-forwarded-for"].replace(/::[0-9a-f]+$/, "");
  for (let i = 1; i <= 5; i++)
    await api.get("/api/v1/articles?limit=1", { headers: { "x-forwarded-for": `${home}::${i}` } });
  await api.dispose();

  const rows = (await auditRows({ q: TEST_PEOPLE.writer.email })).filter(([, , , after]) =>
    after.includes(token.slice(0, 10)),
  );
  expect(rows.filter(([action]) => action === "token.used_from_new_network")).toHaveLength(10);
  expect(rows.filter(([action]) => action === "token.many_networks")).toHaveLength(1);
});

import { request as apiRequest, expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { GATEHOUSE_ITSELF, newPerson, signedInAs } from "./support/action-scenarios";
import { actionFormBody, serverActionId, serverActions } from "./support/actions";
import { E2E_ORIGIN, storageStatePath } from "./support/fixtures";
import { openTokenForm } from "./support/tokens";

// Sends a few thousand generated bad inputs to every server action and route handler and fails on
// any 5xx or anything that looks like a stack trace. The seed is printed; FUZZ_SEED=<n> replays it.
//
// CI runs a fixed seed, so a new date alone never turns main red: a failure must come from a change.
// To explore, run with FUZZ_SEED=daily (a new seed each day) or FUZZ_SEED=random; when one finds a
// failure, fix it, add a named test for it (as control-characters.spec.ts does for seed 20781, whose
// NUL bytes reached PostgreSQL) and add the seed to REGRESSION_SEEDS.
const REGRESSION_SEEDS = [20781];
const SEEDS =
  process.env.FUZZ_SEED === "daily"
    ? [Math.floor(Date.now() / 86_400_000)]
    : process.env.FUZZ_SEED === "random"
      ? [Math.floor(Math.random() * 2 ** 31)]
      : process.env.FUZZ_SEED
        ? [Number(process.env.FUZZ_SEED)]
        : REGRESSION_SEEDS;
const PER_TARGET = Number(process.env.FUZZ_PER_TARGET ?? 120);

function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let random = prng(0);
// What an HTTP client can put in a header at all (no control characters).
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, "?");
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "\t\n\r",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0x41",
  "true",
  "[]",
  "{}",
  "' OR 1=1 --",
  '"; DROP TABLE "User"; --',
  "<script>alert(1)</script>",
  "javascript:alert(1)",
  "${7*7}",
  "{{7*7}}",
  "../../../../etc/passwd",
  "%00",
  "%n%s%x",
  "\u202e\u0635",
  "🙂".repeat(50),
  "a".repeat(5000),
  "__proto__",
  "constructor",
  "admin",
  "user",
  "writer",
  "editor",
  "articles:read",
  "never",
  "gat_" + "A".repeat(43),
  "$ACTION_ID_x",
  "$K1",
  "$@0",
];

function nastyValue(depth = 0): unknown {
  const kind = Math.floor(random() * (depth > 3 ? 6 : 9));
  switch (kind) {
    case 0:
      return pick(NASTY_STRINGS);
    case 1:
      return Math.floor(random() * 2 ** 53) * (random() < 0.5 ? -1 : 1);
    case 2:
      return random() < 0.5 ? null : random() < 0.5;
    case 3:
      return pick(NASTY_STRINGS).repeat(1 + Math.floor(random() * 20));
    case 4:
      return random() * 1e308;
    case 5:
      return "x".repeat(Math.floor(random() * 300));
    case 6:
      return Array.from({ length: Math.floor(random() * 5) }, () => nastyValue(depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [pick(NASTY_STRINGS), nastyValue(depth + 1)]),
      );
    default: {
      let nested: unknown = "deep";
      for (let i = 0; i < 200; i++) nested = [nested];
      return nested;
    }
  }
}

const FIELD_NAMES = [
  "title",
  "body",
  "id",
  "personId",
  "role",
  "disabled",
  "tokenId",
  "name",
  "email",
  "password",
  "scopes",
  "expiresIn",
  "callbackUrl",
  "csrfToken",
  "q",
  "cursor",
];

function nastyForm(): Record<string, string> {
  const form: Record<string, string> = {};
  for (let i = 0; i < 1 + Math.floor(random() * 6); i++)
    form[random() < 0.8 ? pick(FIELD_NAMES) : pick(NASTY_STRINGS) || "k"] = String(nastyValue());
  return form;
}

type Body = { headers: Record<string, string>; data?: string | Buffer; multipart?: Record<string, string> | FormData };

function nastyBody(): Body {
  switch (Math.floor(random() * 7)) {
    case 0:
      return { headers: { "content-type": "application/json" }, data: JSON.stringify(nastyValue()) };
    // A Buffer, because Playwright quietly wraps a string that is not valid JSON into a JSON string.
    case 1:
      return { headers: { "content-type": "application/json" }, data: Buffer.from("{" + pick(NASTY_STRINGS)) };
    case 2:
      return {
        headers: { "content-type": "text/plain;charset=UTF-8" },
        data: JSON.stringify([nastyValue(), nastyValue()]),
      };
    case 3:
      return { headers: {}, multipart: nastyForm() };
    case 4:
      return {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        data: new URLSearchParams(nastyForm()).toString(),
      };
    case 5:
      return {
        headers: {
          "content-type": pick([
            "application/xml",
            "image/png",
            "multipart/form-data; boundary=x",
            "application/json; charset=utf-16",
          ]),
        },
        data: Buffer.from(Array.from({ length: 200 }, () => Math.floor(random() * 256))),
      };
    default:
      return {
        headers: { "content-type": "application/json" },
        data: JSON.stringify({ title: "x".repeat(1_100_000), body: "oversized" }),
      };
  }
}

/** The body a browser sends to a useActionState action (see the request in devtools), with hostile values. */
function actionEnvelope(): Body {
  const previousState = random() < 0.7 ? { status: "idle" } : nastyValue();
  // The form's fields first, then "0": React resolves "$K1" as soon as "0" arrives.
  const multipart = new FormData();
  for (const [name, value] of Object.entries(nastyForm())) multipart.append(`_1_${name}`, value);
  multipart.append("0", JSON.stringify([previousState, "$K1"]));
  return { headers: {}, multipart };
}

const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)|node_modules\/|\.next\/server/;
const failures: string[] = [];

async function check(label: string, send: () => Promise<APIResponse>) {
  let response: APIResponse;
  try {
    response = await send();
  } catch (error) {
    failures.push(`${label}: request failed: ${String(error).split("\n")[0]}`);
    return;
  }
  const text = await response.text().catch(() => "");
  if (response.status() >= 500)
    failures.push(`${label}: ${response.status()} ${text.slice(0, 300).replace(/\s+/g, " ")}`);
  else if (STACK_TRACE.test(text)) failures.push(`${label}: stack trace in the answer`);
}

/**
 * A throwaway admin of this run's own: fuzzed account actions (rename, sign out my other sessions,
 * send me a reset link...) act on whoever calls them, so they must not reach the demo admin that
 * the other tests share.
 */
async function throwawayAdmin() {
  const person = await newPerson();
  const demoAdmin = await signedInAs("admin");
  const response = await demoAdmin.post("/admin/users", {
    headers: { "next-action": serverActionId("changeRoleAction"), ...GATEHOUSE_ITSELF },
    multipart: actionFormBody({ personId: person.id, role: "admin" }),
    maxRedirects: 0,
  });
  expect(await response.text()).toContain('"status":"success"');
  await demoAdmin.dispose();
  await person.request.dispose();
  return { email: person.email, password: person.password };
}

async function signedInAsAdmin(admin: { email: string; password: string }): Promise<APIRequestContext> {
  // Its own session: a fuzzed sign-out action ends this session only.
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await context.post("/api/auth/callback/credentials", { form: { csrfToken, ...admin } });
  return context;
}

test.describe.configure({ mode: "serial", timeout: 600_000 });

for (const SEED of SEEDS)
  test(`fuzz every server action and route handler with seed ${SEED}: no 5xx, no stack traces`, async ({ browser }) => {
    random = prng(SEED);
    failures.length = 0;
    console.log(`fuzz seed ${SEED}, ${PER_TARGET} inputs per target`);
    const fuzzAdmin = await throwawayAdmin();
    const admin = await signedInAsAdmin(fuzzAdmin);
    const actions = serverActions();
    expect(actions.length).toBeGreaterThanOrEqual(10);

    // A real token with every scope, so fuzzed API bodies get past authentication to the parsers.
    const page = await (await browser.newContext({ storageState: storageStatePath("admin") })).newPage();
    await page.goto("/settings/tokens");
    await openTokenForm(page);
    await page.getByLabel("Name").fill(`fuzz ${SEED}`);
    await page.getByLabel("articles:write").check();
    await page.getByLabel("articles:delete").check();
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByLabel("New token").textContent())!;
    await page.context().close();

    let sent = 0;
    const inFlight: Promise<void>[] = [];
    const send = async (label: string, run: () => Promise<APIResponse>) => {
      inFlight.push(check(label, run));
      sent++;
      if (inFlight.length >= 6) await Promise.all(inFlight.splice(0));
    };

    for (const action of actions) {
      // A fresh admin session per action: a fuzzed sign-out or end-sessions call may end it.
      const session = await signedInAsAdmin(fuzzAdmin);
      for (let i = 0; i < PER_TARGET; i++) {
        // Mostly well-formed action envelopes with hostile fields, so the actions' own validation runs;
        // the rest hostile envelopes and bodies of every kind.
        const body = random() < 0.6 ? actionEnvelope() : nastyBody();
        const headers = {
          "next-action": action.id,
          origin: random() < 0.9 ? E2E_ORIGIN : "https://evil.example",
          ...body.headers,
        };
        await send(`action ${action.name}`, () =>
          session.post(action.path.replace("[id]", "x"), {
            headers,
            data: body.data,
            multipart: body.multipart,
            maxRedirects: 0,
          }),
        );
      }
      await Promise.all(inFlight.splice(0));
      await session.dispose();
    }

    const apiTargets: Array<[string, string]> = [
      ["GET", "/api/v1/articles"],
      ["POST", "/api/v1/articles"],
      ["GET", "/api/v1/articles/x"],
      ["PATCH", "/api/v1/articles/x"],
      ["DELETE", "/api/v1/articles/x"],
      ["GET", "/api/health"],
      ["GET", "/api/health/live"],
      ["GET", "/api/health/ready"],
      ["GET", "/api/v1/openapi.json"],
      ["GET", "/admin/audit/export"],
      ["POST", "/api/auth/callback/credentials"],
      ["POST", "/api/auth/signout"],
      ["GET", "/api/auth/session"],
      ["POST", "/api/auth/signin/credentials"],
    ];
    for (const [method, path] of apiTargets) {
      for (let i = 0; i < PER_TARGET; i++) {
        const body = method === "GET" || method === "DELETE" ? { headers: {} as Record<string, string> } : nastyBody();
        const query =
          random() < 0.5
            ? `?${new URLSearchParams(Object.fromEntries(Object.entries(nastyForm()).map(([k, v]) => [k, v.slice(0, 500)])))}`
            : "";
        const authorization: Record<string, string> =
          random() < 0.7
            ? { authorization: `Bearer ${token}` }
            : random() < 0.5
              ? {
                  authorization: headerSafe(
                    pick(["Bearer " + pick(NASTY_STRINGS), "Basic Zm9vOmJhcg==", "Bearer", pick(NASTY_STRINGS)]),
                  ),
                }
              : {};
        await send(`${method} ${path}`, () =>
          admin.fetch(path + query, {
            method,
            headers: { ...body.headers, ...authorization },
            data: body.data,
            multipart: body.multipart,
            maxRedirects: 0,
          }),
        );
      }
    }
    await Promise.all(inFlight);
    const byTarget = new Map<string, number>();
    for (const failure of failures) byTarget.set(failure.split(":")[0], (byTarget.get(failure.split(":")[0]) ?? 0) + 1);
    console.log(`fuzz: ${sent} requests, ${failures.length} failures`, Object.fromEntries(byTarget));
    if (process.env.FUZZ_VERBOSE) for (const failure of failures) console.log("FAIL", failure);
    expect(failures.slice(0, 10), `seed ${SEED}`).toEqual([]);
    await admin.dispose();
  });

import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { hash, verify } from "@node-rs/argon2";
import { ARGON2_OPTIONS } from "@/lib/auth/credentials/hashing";
import { actionFormBody, serverActionId } from "./support/actions";
import { E2E_ORIGIN } from "./support/fixtures";

// Account enumeration: can someone tell a registered email from an unregistered one by the answer
// or by how long it takes? The two probes are sent back to back, in random order, many times, and
// the median of the per-pair differences is compared with what one password check costs on this
// machine (argon2id with the app's own settings, timed here). A path that skipped the check for
// unknown emails differs by about that much in every pair; load on a busy 2-core machine hits
// both halves of a pair alike and cancels out of the median. (playwright.config.ts runs this file
// last, on its own.)
const ROUNDS = 40;
const WARM_UP = 3;
const PASSWORD = "violet-kettle-orbit-42";

async function passwordCheckMs() {
  const stored = await hash("some-password-to-check-against", ARGON2_OPTIONS);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    await verify(stored, "a-wrong-password-for-timing");
    times.push(performance.now() - started);
  }
  return median(times);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

let probes = 0;
/** A different client address for every probe (TEST-NET-2), so sign-in throttling by address never kicks in. */
function freshAddress() {
  probes++;
  return `198.51.${Math.floor(probes / 250) % 250}.${(probes % 250) + 1}`;
}

/** Sends one probe and says what its answer was, leaving out the email it named. */
type Probe = () => Promise<string>;

/** Times two probes side by side and returns the median of each and of their differences, and the answers each gave. */
async function compare(first: Probe, second: Probe) {
  const timings: [number[], number[]] = [[], []];
  const answers: [Set<string>, Set<string>] = [new Set(), new Set()];
  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    const order = Math.random() < 0.5 ? [0, 1] : [1, 0];
    for (const which of order) {
      const started = performance.now();
      const answer = await [first, second][which]();
      const elapsed = performance.now() - started;
      if (round >= WARM_UP) timings[which].push(elapsed);
      answers[which].add(answer);
    }
  }
  return {
    medians: [median(timings[0]), median(timings[1])],
    medianDifference: median(timings[0].map((time, round) => time - timings[1][round])),
    answers,
  };
}

const withoutEmails = (text: string) => text.replace(/[\w.+-]+(@|%40)[\w.-]+/g, "…");

/** A server action's answer: the redirect it asked for, or the form state it returned. */
async function actionAnswer(response: APIResponse) {
  const state = (await response.text()).split("\n").find((line) => line.startsWith("1:{")) ?? "";
  return withoutEmails(`${response.status()} ${response.headers()["x-action-redirect"] ?? ""} ${state}`);
}

/**
 * Measures the two probes side by side, prints the figures, and fails when they differ by half a
 * password check or more (or by `limitMs`, for a path with no password check to hide). A burst of
 * load from elsewhere can skew one sample, so a failing sample is measured once more, and only a
 * second failure fails: a real leak shows in every sample.
 */
async function expectSameTime(
  what: string,
  labels: [string, string],
  first: Probe,
  second: Probe,
  { limitMs }: { limitMs?: number } = {},
) {
  const lines: string[] = [];
  for (let sample = 1; sample <= 2; sample++) {
    const checkMs = await passwordCheckMs();
    const limit = limitMs ?? checkMs / 2;
    const result = await compare(first, second);
    const line =
      `${what}: ${labels[0]} median ${result.medians[0].toFixed(1)} ms, ${labels[1]} median ${result.medians[1].toFixed(1)} ms, ` +
      `median difference ${result.medianDifference.toFixed(1)} ms; one password check ${checkMs.toFixed(1)} ms, limit ${limit.toFixed(1)} ms (${ROUNDS} pairs)`;
    console.log(line);
    test.info().annotations.push({ type: "timing", description: line });
    lines.push(line);
    if (Math.abs(result.medianDifference) < limit) return result;
  }
  throw new Error(`${what} took measurably longer for one kind of email in both samples:\n${lines.join("\n")}`);
}

/** A few registered people to probe in turn, so no one account reaches its own failure limit. */
async function registeredPeople(context: APIRequestContext, count: number) {
  const emails = Array.from({ length: count }, () => `registered-${randomUUID().slice(0, 8)}@gatehouse.test`);
  for (const email of emails) expect(await signUp(context, email)).toMatch(/^200 \/signin\?registered=1/);
  let next = 0;
  return () => emails[next++ % emails.length];
}

async function signUp(context: APIRequestContext, email: string) {
  const response = await context.post("/signup", {
    headers: { "next-action": serverActionId("signUpAction"), origin: E2E_ORIGIN, "x-forwarded-for": freshAddress() },
    multipart: actionFormBody({ name: "", email, password: PASSWORD }),
    maxRedirects: 0,
  });
  return actionAnswer(response);
}

async function signInAction(context: APIRequestContext, email: string) {
  const response = await context.post("/signin", {
    headers: { "next-action": serverActionId("signInAction"), origin: E2E_ORIGIN, "x-forwarded-for": freshAddress() },
    multipart: actionFormBody({ callbackUrl: "/dashboard", email, password: "not-the-password-at-all" }),
    maxRedirects: 0,
  });
  return actionAnswer(response);
}

async function signInEndpoint(context: APIRequestContext, email: string) {
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    headers: { "x-forwarded-for": freshAddress() },
    form: { csrfToken, email, password: "not-the-password-at-all" },
    maxRedirects: 0,
  });
  return withoutEmails(`${response.status()} ${response.headers().location ?? ""}`);
}

const unknownEmail = () => `nobody-${randomUUID().slice(0, 8)}@gatehouse.test`;

test.describe.configure({ mode: "serial" });

test("sign-in answers a registered email with a wrong password and an unknown email alike, in the same time", async () => {
  test.setTimeout(180_000);
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  const registered = await registeredPeople(context, 6);

  const labels: [string, string] = ["registered email, wrong password", "unknown email"];
  const viaForm = await expectSameTime(
    "sign-in form",
    labels,
    () => signInAction(context, registered()),
    () => signInAction(context, unknownEmail()),
  );
  expect([...viaForm.answers[0]]).toEqual([...viaForm.answers[1]]);
  expect([...viaForm.answers[0]][0]).toContain("Email or password is incorrect.");

  // Auth.js's own endpoint reaches the same check.
  const viaEndpoint = await expectSameTime(
    "sign-in endpoint",
    labels,
    () => signInEndpoint(context, registered()),
    () => signInEndpoint(context, unknownEmail()),
  );
  expect([...viaEndpoint.answers[0]]).toEqual([...viaEndpoint.answers[1]]);
  expect([...viaEndpoint.answers[0]][0]).toMatch(/^302 \S+\/signin\?error=CredentialsSignin/);
  await context.dispose();
});

test("sign-up answers a registered email and a new one alike, in the same time", async () => {
  test.setTimeout(180_000);
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  const registered = await registeredPeople(context, 6);
  const result = await expectSameTime(
    "sign-up",
    ["registered email", "new email"],
    () => signUp(context, registered()),
    () => signUp(context, unknownEmail()),
  );
  expect([...result.answers[0]]).toEqual([...result.answers[1]]);
  expect([...result.answers[0]][0]).toMatch(/^200 \/signin\?registered=1&email=…;push $/);
  await context.dispose();
});

async function forgotPassword(context: APIRequestContext, email: string) {
  const response = await context.post("/forgot-password", {
    headers: {
      "next-action": serverActionId("forgotPasswordAction"),
      origin: E2E_ORIGIN,
      "x-forwarded-for": freshAddress(),
    },
    multipart: actionFormBody({ email }),
    maxRedirects: 0,
  });
  return actionAnswer(response);
}

test("forgot-password answers a registered email and an unknown one alike, in the same time", async () => {
  test.setTimeout(180_000);
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  // Up to 2 × (3 + 40) probes of registered addresses: 24 people keep each under its 5 an hour.
  const registered = await registeredPeople(context, 24);
  // No password check here: what could leak is the lookup and the mail, which take a few
  // milliseconds, so the limit is tighter than for sign-in.
  const result = await expectSameTime(
    "forgot password",
    ["registered email", "unknown email"],
    () => forgotPassword(context, registered()),
    () => forgotPassword(context, unknownEmail()),
    { limitMs: 2.5 },
  );
  expect([...result.answers[0]]).toEqual([...result.answers[1]]);
  expect([...result.answers[0]][0]).toContain("we sent it a link to choose a new password");
  await context.dispose();
});

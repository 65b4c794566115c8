import http from "node:http";
import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, test, type APIRequestContext } from "@playwright/test";
import { PasswordWorkBusy } from "@/lib/auth/credentials/password-work";
import { actionFormBody, serverActionId } from "./support/actions";
import { E2E_ORIGIN, E2E_PORT, TEST_PEOPLE, ownNetwork } from "./support/fixtures";
import { serverResidentMb } from "./support/server-process";

// Attacks on the server's capacity rather than on an account: huge bodies without a length, and
// bursts of expensive work. playwright.config.ts runs this file after the others, alone, so the
// memory it measures and the work it queues are its own.

const BUSY = new PasswordWorkBusy().message;

/** POSTs `megabytes` of body with chunked encoding (no Content-Length), as fast as the server reads. */
function chunkedPost(
  path: string,
  contentType: string,
  megabytes: number,
): Promise<{ status: number; body: string; sentMb: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const request = http.request(
      {
        host: "127.0.0.1",
        port: E2E_PORT,
        method: "POST",
        path,
        headers: {
          "content-type": contentType,
          "transfer-encoding": "chunked",
          origin: E2E_ORIGIN,
          "next-action": "0".repeat(40),
        },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body, sentMb: sent / 2 ** 20 }));
      },
    );
    request.on("error", (error) =>
      sent > 0 ? resolve({ status: 0, body: String(error), sentMb: sent / 2 ** 20 }) : reject(error),
    );
    const chunk = Buffer.alloc(2 ** 20, "a");
    const write = () => {
      while (sent < megabytes * 2 ** 20) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", write);
      }
      request.end();
    };
    write();
  });
}

test("bodies of 300 MB without a Content-Length are cut off at the limit, and the server's memory stays flat", async () => {
  const before = serverResidentMb();
  const targets: Array<[string, string, number, string]> = [
    ["/api/auth/callback/credentials", "application/x-www-form-urlencoded", 413, "The form is larger than 64 KB."],
    ["/signin", "multipart/form-data; boundary=x", 413, "The form is larger than 1 MB."],
    ["/api/v1/articles", "application/json", 401, ""],
  ];
  // Three of each at once, as the report that found this sent them.
  const results = await Promise.all(
    targets.flatMap((target) =>
      [0, 1, 2].map(() => chunkedPost(target[0], target[1], 300).then((result) => ({ target, result }))),
    ),
  );
  for (const { target, result } of results) {
    expect(result.status, target[0]).toBe(target[2]);
    if (target[3]) expect(JSON.parse(result.body).message, target[0]).toBe(target[3]);
  }
  const after = serverResidentMb();
  test.skip(before === null || after === null, "no /proc here to read the server's memory from");
  // Nine 300 MB bodies: buffering even one of them whole would add 300 MB.
  expect(after! - before!, `resident memory went from ${before} MB to ${after} MB`).toBeLessThan(150);
});

async function signUp(context: APIRequestContext) {
  const response = await context.post("/signup", {
    headers: { "next-action": serverActionId("signUpAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({
      name: "",
      email: `burst-${randomUUID().slice(0, 8)}@example.test`,
      password: "violet-kettle-orbit-42",
    }),
    maxRedirects: 0,
  });
  const redirect = response.headers()["x-action-redirect"] ?? "";
  const message = (await response.text()).match(/"message":"([^"]+)"/)?.[1];
  return {
    status: response.status(),
    outcome: redirect.startsWith("/signin?registered=1") ? "registered" : (message ?? `status ${response.status()}`),
  };
}

const BURST = 100;

test("a burst of sign-ups from many networks is answered, each done or told to try again, and a sign-in in the middle of it goes through", async () => {
  // Every sign-up from its own network (so the per-network limit stays out of it), all sent at once.
  const clients = await Promise.all(
    Array.from({ length: BURST }, () => apiRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: ownNetwork() })),
  );
  const signIn = (async () => {
    const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN, extraHTTPHeaders: ownNetwork() });
    const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await context.post("/api/auth/callback/credentials", {
      form: { csrfToken, ...TEST_PEOPLE.writer },
      maxRedirects: 0,
    });
    const location = response.headers().location ?? "";
    await context.dispose();
    return { signedIn: response.status() === 302 && !location.includes("error=") };
  })();
  const burst = Promise.all(clients.map((client) => signUp(client)));
  const [signedIn, signUps] = await Promise.all([signIn, burst]);
  await Promise.all(clients.map((client) => client.dispose()));

  expect(signedIn.signedIn).toBe(true);
  expect(signUps.every(({ status }) => status < 500)).toBe(true);
  const busy = signUps.filter(({ outcome }) => outcome === BUSY).length;
  const registered = signUps.filter(({ outcome }) => outcome === "registered").length;
  // Each is either done or told to try again: none is lost, none is a server error. (How many are
  // refused depends on how fast this machine renders versus hashes; the bound itself is checked
  // deterministically in tests/integration/password-work.test.ts.)
  expect(registered + busy).toBe(BURST);
});

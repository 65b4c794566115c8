import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_ORIGIN } from "./tests/e2e/support/fixtures";
import { OIDC_ISSUER } from "./tests/fixtures/oidc-settings.mjs";
import { MAILBOX_URL } from "./tests/fixtures/mail-settings.mjs";

// Debian's Chromium where it is installed (machines without internet cannot download Playwright's
// own build); otherwise the browser from `npx playwright install chromium`.
const systemChromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate): candidate is string => Boolean(candidate && existsSync(candidate)),
);

const launchOptions = systemChromium
  ? {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    }
  : {};

// npm test runs the browser tests twice, on SQLite and on PostgreSQL. These specs show nothing that
// depends on the database, so the PostgreSQL pass leaves them out:
// - layout, accessibility, headers, the HTTP surface, refusals made before any query, UX feedback,
//   the examples, the server's capacity, the confirm-it-is-you step;
// - flows whose data layer the integration tests run on both databases (npm test runs Vitest once
//   per database): the account mails (tests/integration/account-flows.test.ts), external providers
//   and linking (oauth-linking.test.ts), passkeys (passkeys.test.ts), two-step sign-in
//   (second-factor.test.ts), signing in and up (auth-flow.test.ts, sign-in-throttle.test.ts), the
//   OAuth server's protocol flows (its records: lookups by id, uid and user code, consumption, the
//   refresh chain and its races under PostgreSQL's lock, revocation by grant, key rotation, device
//   codes: oauth-server.test.ts, end-access.test.ts, app-review.test.ts, unknown-apps.test.ts).
// What touches transactions, throttles, sessions, attacks on apps' tokens (oauth-attacks), access
// decisions made against the database and several instances runs in both.
const ONE_PASS_SPECS = [
  "phone-and-accessibility",
  "ui",
  "ux",
  "security-headers",
  "http-surface",
  "bad-bodies",
  "csrf",
  "request-log",
  "secrets-in-logs",
  "oauth-examples",
  "saturation",
  "confirm-identity",
  "accounts",
  "oauth",
  "passkeys",
  "second-factor",
  "sign-in",
  "sign-up",
  "app-review",
  "oauth-server",
];
const secondPass = process.env.TEST_DATABASE === "postgres";
const onePassOnly = new RegExp(`/(${ONE_PASS_SPECS.join("|")})\\.spec\\.ts$`);
const skippedHere = secondPass ? [onePassOnly] : [];

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  globalTeardown: "./tests/e2e/global-teardown.ts",
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: { baseURL: E2E_ORIGIN, trace: "retain-on-failure", launchOptions },
  projects: [
    { name: "setup", testMatch: /sign-in-each-role\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions },
      dependencies: ["setup"],
      testIgnore: [/(enumeration|saturation|faults)\.spec\.ts/, ...skippedHere],
    },
    // Alone too: it drives load at two more instances and stops their database.
    {
      name: "faults",
      testMatch: /faults\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions },
      dependencies: ["chromium"],
    },
    // These run last, alone: the capacity attacks measure the server's memory and fill its
    // password-hashing queue, and the timing comparisons must not have other tests' load (two more
    // servers in the multi-instance test, the fuzz) land on one side of a comparison.
    {
      name: "saturation",
      testMatch: /saturation\.spec\.ts/,
      testIgnore: skippedHere,
      use: { ...devices["Desktop Chrome"], launchOptions },
      dependencies: ["faults"],
    },
    {
      name: "timing",
      testMatch: /enumeration\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions },
      dependencies: ["saturation"],
    },
  ],
  webServer: [
    {
      // The "external" identity provider, on loopback (see the file for the logins it accepts).
      command: "node tests/fixtures/oidc-provider.mjs",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "ignore",
    },
    {
      // The mail provider, on loopback: an SMTP server, and the messages it received as JSON.
      command: "node tests/fixtures/smtp-server.mjs",
      url: `${MAILBOX_URL}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "node tests/e2e/server.mjs",
      url: `${E2E_ORIGIN}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});

#!/usr/bin/env node
// `npm test`: everything CI runs, in order. Route types, type check, lint, format and dead-code
// checks, migration drift checks, unit and integration tests (Vitest), a production build, then
// Playwright end-to-end tests in Chromium against that build. The integration and end-to-end tests
// run twice: on SQLite files, then on PostgreSQL (TEST_POSTGRES_URL, default the local server; each
// test makes and drops its own databases).
// `--only e2e` skips straight to the build and the browser tests; `--only sqlite` or
// `--only postgres` runs one database's passes.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const onlyE2e = process.argv.includes("--only") && process.argv.includes("e2e");
const onlyDatabase = process.argv.find((arg) => arg === "sqlite" || arg === "postgres");
const databases = onlyDatabase ? [onlyDatabase] : ["sqlite", "postgres"];
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const results = [];
mkdirSync("tests/.tmp", { recursive: true });

function step(name, command, args, extraEnv = {}) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${status === 0 ? "✔" : "✘"} ${name} (${seconds}s)`);
  results.push({ name, ok: status === 0 });
  return status === 0;
}

function hasBrowser() {
  if (
    [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].some(
      (path) => path && existsSync(path),
    )
  )
    return true;
  try {
    return existsSync(require("@playwright/test").chromium.executablePath());
  } catch {
    return false;
  }
}

// Playwright's own browser download needs the internet; Debian's Chromium needs only apt.
function ensureBrowser() {
  if (hasBrowser()) return true;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    console.log("\nNo Chromium found: installing Debian's chromium package (apt-get).");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } else {
    console.log("\nNo Chromium found: installing Playwright's (npx playwright install chromium).");
    spawnSync(process.execPath, [require.resolve("@playwright/test/cli"), "install", "chromium"], { stdio: "inherit" });
  }
  return hasBrowser();
}

function count(file, read) {
  try {
    return read(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return { passed: 0, failed: 0 };
  }
}

const reports = { vitest: [], playwright: [] };
const report = (kind, name) => {
  const file = `tests/.tmp/${name}.json`;
  rmSync(file, { force: true });
  reports[kind].push(file);
  return file;
};

if (!onlyE2e) {
  // Next's typed routes (PageProps<"/admin/users/[id]">) come from the app/ folder; generate them first.
  step("Route types", process.execPath, ["node_modules/next/dist/bin/next", "typegen"]);
  step("Type check", process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit"]);
  step("Lint (ESLint)", process.execPath, ["node_modules/eslint/bin/eslint.js", "--max-warnings", "0", "."]);
  step("Format (Prettier)", process.execPath, [
    "node_modules/prettier/bin/prettier.cjs",
    "--check",
    "--log-level",
    "warn",
    ".",
  ]);
  step("Dead code (knip)", process.execPath, ["node_modules/knip/bin/knip.js", "--no-progress"]);
  step("Migrations match the schema (SQLite and PostgreSQL)", process.execPath, ["scripts/check-migrations.mjs"]);
  for (const database of databases) {
    const file = report("vitest", `vitest-${database}`);
    // Unit tests need no database: they run once, in the SQLite pass.
    const project = database === "sqlite" ? [] : ["--project", "integration"];
    step(
      `${database === "sqlite" ? "Unit and integration tests" : "Integration tests"} on ${database} (Vitest)`,
      process.execPath,
      [
        "node_modules/vitest/vitest.mjs",
        "run",
        ...project,
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${file}`,
      ],
      { TEST_DATABASE: database },
    );
  }
}
const built = step("Production build", process.execPath, ["node_modules/next/dist/bin/next", "build"]);
if (built && ensureBrowser()) {
  for (const database of databases) {
    step(
      `End-to-end tests on ${database} (Playwright, Chromium)`,
      process.execPath,
      [require.resolve("@playwright/test/cli"), "test"],
      {
        PLAYWRIGHT_JSON_OUTPUT_NAME: report("playwright", `playwright-${database}`),
        TEST_DATABASE: database,
      },
    );
  }
} else {
  results.push({ name: "End-to-end tests (not run: no build or no browser)", ok: false });
}

const sum = (files, read) =>
  files
    .map((file) => count(file, read))
    .reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed }), { passed: 0, failed: 0 });
const vitest = sum(reports.vitest, (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests }));
const playwright = sum(reports.playwright, (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected,
}));
console.log("\nSummary");
for (const { name, ok } of results) console.log(`  ${ok ? "✔" : "✘"} ${name}`);
const failedSteps = results.filter((r) => !r.ok).length;
console.log(
  `Tests: ${vitest.passed + playwright.passed} passed, ${vitest.failed + playwright.failed + failedSteps} failed`,
);
process.exit(failedSteps === 0 ? 0 : 1);

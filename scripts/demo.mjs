#!/usr/bin/env node
// `npm run demo`: from a fresh clone (after npm ci) to the app on http://localhost:3000 with demo data.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

if (!existsSync(".env")) {
  // A random secret per machine; .env is git-ignored.
  const example = readFileSync(".env.example", "utf8");
  writeFileSync(".env", example.replace(/^AUTH_SECRET=.*$/m, `AUTH_SECRET=${randomBytes(33).toString("base64")}`));
  console.log("Created .env with a fresh AUTH_SECRET.");
}
process.loadEnvFile(".env");
if (process.env.NODE_ENV === "production") {
  console.error("npm run demo is for development; NODE_ENV is production. See docs/operations.md.");
  process.exit(1);
}

const run = (args) => execFileSync(process.execPath, args, { stdio: "inherit" });
run(["scripts/db-migrate.mjs"]);
run(["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts", "--demo"]);

console.log("\nStarting Gatehouse on http://localhost:3000 (Ctrl+C to stop)\n");
const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "--port", process.env.PORT ?? "3000"], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", (code) => process.exit(code ?? 0));

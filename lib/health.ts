import { readdir } from "node:fs/promises";
import path from "node:path";
import { databaseProvider, db } from "@/lib/db";
import { env } from "@/lib/env";
import { rateLimitStore } from "@/lib/rate-limit/limiter";

// What the health routes report. Each check answers within CHECK_TIMEOUT_MS, so a hung dependency
// makes the probe say "not ready" instead of leaving it waiting. Details go to the server log; the
// public answer names no hosts, paths or drivers.

const CHECK_TIMEOUT_MS = 2_000;

export type DependencyHealth =
  { status: "ok"; latencyMs: number } | { status: "unavailable"; message: string } | { status: "not configured" };

async function timed(name: string, check: () => Promise<void>, message: string): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: "ok", latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    console.error(`health: ${name} check failed: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    return { status: "unavailable", message };
  } finally {
    clearTimeout(timer);
  }
}

export function checkDatabase(): Promise<DependencyHealth> {
  return timed("database", () => db.$queryRaw`SELECT 1`.then(() => undefined), "The database did not answer.");
}

/** The shared rate-limit store (Redis), when one is configured; per-instance counters need no check. */
export function checkRateLimitStore(): Promise<DependencyHealth> {
  if (!env.RATE_LIMIT_REDIS_URL) return Promise.resolve({ status: "not configured" });
  return timed(
    "rate-limit store",
    () => rateLimitStore().ping(),
    "The shared rate-limit store (Redis) did not answer.",
  );
}

export type MigrationHealth = { status: "ok"; applied: number } | { status: "pending"; pending: string[] };

/**
 * Whether every migration this build ships has been applied to the database: an instance of a newer
 * build must not take traffic before `npm run db:migrate` has run.
 */
export async function checkMigrations(): Promise<MigrationHealth | DependencyHealth> {
  const folder = path.join(
    process.cwd(),
    databaseProvider === "postgresql" ? "prisma/postgres/migrations" : "prisma/migrations",
  );
  let shipped: string[];
  try {
    shipped = (await readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch (error) {
    console.error(`health: cannot list migrations in ${folder}: ${(error as Error).message}`);
    return { status: "unavailable", message: "This build's migrations could not be read." };
  }
  let applied: Set<string>;
  try {
    const rows = await db.$queryRaw<Array<{ migration_name: string }>>`
      SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
    applied = new Set(rows.map((row) => row.migration_name));
  } catch (error) {
    console.error(`health: cannot read applied migrations: ${(error as Error).message.split("\n")[0]}`);
    return { status: "unavailable", message: "The database did not say which migrations it has." };
  }
  const pending = shipped.filter((name) => !applied.has(name)).sort();
  return pending.length ? { status: "pending", pending } : { status: "ok", applied: shipped.length };
}

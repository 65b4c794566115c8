import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { createDatabase, dropDatabase, uniqueDatabaseName, usesPostgres } from "../../scripts/lib/test-databases.mjs";

// docs/operations.md's backup and restore, as an operator runs them: `npm run db:backup` while the app keeps
// writing, `npm run db:restore` into another database, and the audit chain verified there.

const run = promisify(execFile);
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function script(file: string, args: string[], databaseUrl: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [file, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

async function emptyDatabase(): Promise<string> {
  if (usesPostgres) {
    const name = uniqueDatabaseName("restore");
    cleanups.push(() => dropDatabase(name));
    return createDatabase(name);
  }
  const file = path.resolve(`tests/.tmp/restore-${randomUUID()}.db`);
  cleanups.push(() => ["", "-wal", "-shm"].forEach((suffix) => rmSync(`${file}${suffix}`, { force: true })));
  return `file:${file}`;
}

/** Rewrites one entry behind the append-only guard, as someone with database access could. */
async function tamper(url: string) {
  if (usesPostgres) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP TRIGGER IF EXISTS "AuditEvent_no_update" ON "AuditEvent"`);
    await client.query(`UPDATE "AuditEvent" SET "targetEmail" = 'someone-else@example.com' WHERE id = 3`);
    await client.end();
  } else {
    const file = new Database(url.slice("file:".length));
    file.exec(`DROP TRIGGER IF EXISTS "AuditEvent_no_update"`);
    file.exec(`UPDATE "AuditEvent" SET "targetEmail" = 'someone-else@example.com' WHERE id = 3`);
    file.close();
  }
}

describe("backup and restore", () => {
  it("a backup taken while the log is being written restores to a database whose audit chain verifies", async () => {
    for (let i = 0; i < 20; i++)
      await recordAudit({ action: "auth.sign_in_failed", targetEmail: `before-${i}@example.com` });
    const source = process.env.DATABASE_URL!;
    const backup = path.resolve(`tests/.tmp/backup-${randomUUID()}.${usesPostgres ? "dump" : "db"}`);
    cleanups.push(() => rmSync(backup, { force: true }));

    // The app keeps writing while the backup runs: an online backup, not a copy of a stopped database.
    let writing = true;
    let writtenDuring = 0;
    const writer = (async () => {
      while (writing) {
        await recordAudit({ action: "auth.sign_in_failed", targetEmail: `during-${writtenDuring}@example.com` });
        writtenDuring++;
        // SQLite's driver answers synchronously: without a turn of the event loop, the backup's exit
        // would never be noticed.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const backedUp = await script("scripts/backup.mjs", [backup], source);
    writing = false;
    await writer;
    expect(backedUp.output).toContain("Backed up to");
    expect(backedUp.code).toBe(0);
    expect(writtenDuring).toBeGreaterThan(0);

    const target = await emptyDatabase();
    const restored = await script("scripts/restore.mjs", [backup], target);
    // Nothing sealed these (no server runs here): the backup caught them unsealed, and the restore
    // sealed them before verifying.
    expect(restored.output).toMatch(/Sealed \d+ entries that were waiting for the sealer/);
    expect(restored.output).toMatch(/The audit log verifies: \d+ entries/);
    expect(restored.code).toBe(0);
    const entries = Number(restored.output.match(/verifies: (\d+) entries/)![1]);
    // Everything written before the backup started, and at most what was written by its end.
    expect(entries).toBeGreaterThanOrEqual(20);
    expect(entries).toBeLessThanOrEqual(await db.auditEvent.count());

    // A second restore does not overwrite a database that holds tables unless told to.
    const again = await script("scripts/restore.mjs", [backup], target);
    expect(again.code).toBe(1);
    expect(again.output).toContain("--replace");

    // The verification is real: an entry edited in the restored copy is found.
    await tamper(target);
    const verified = await script(
      "node_modules/tsx/dist/cli.mjs",
      ["--conditions=react-server", "scripts/verify-audit-chain.ts"],
      target,
    );
    expect(verified.code).toBe(1);
    expect(verified.output).toContain("does NOT verify: entry 3");
  }, 60_000);
});

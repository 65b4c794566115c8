// The SQL that takes the committed migrations to prisma/schema.prisma.
//
// `prisma migrate dev` needs the native engine, and with the WebAssembly engine
// `migrate diff --from-migrations` fails on any migration with more than one statement (the
// SQLite adapter runs the file as a single prepared statement). So we replay the migrations
// into a scratch SQLite file ourselves, introspect it with `db pull`, and diff that datamodel
// against the schema. Both steps run through scripts/prisma.mjs and need no network.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const migrationsDir = path.join("prisma", "migrations");

function prisma(args, env = {}) {
  try {
    return execFileSync(process.execPath, ["scripts/prisma.mjs", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
    });
  } catch (error) {
    process.stderr.write(error.stderr ?? String(error));
    process.exit(1);
  }
}

export function migrationDiffSql() {
  const scratch = mkdtempSync(path.join(tmpdir(), "gatehouse-migrations-"));
  try {
    const dbFile = path.join(scratch, "replayed.db");
    const db = new Database(dbFile);
    for (const entry of readdirSync(migrationsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      db.exec(readFileSync(path.join(migrationsDir, entry.name, "migration.sql"), "utf8"));
    }
    db.close();

    const replayedSchema = path.join(scratch, "replayed.prisma");
    const pulled = prisma(["db", "pull", "--print"], { DATABASE_URL: `file:${dbFile}` });
    // The CLI prints warnings on stdout ahead of the schema; keep the schema only.
    const schemaStart = pulled.search(/^(generator|datasource|model)\b/m);
    writeFileSync(replayedSchema, pulled.slice(Math.max(schemaStart, 0)));
    return prisma(["migrate", "diff", "--from-schema-datamodel", replayedSchema, "--to-schema-datamodel", "prisma/schema.prisma", "--script"]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function hasStatements(sql) {
  return sql.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
}

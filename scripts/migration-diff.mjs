// The SQL that takes the committed migrations to prisma/schema.prisma, for SQLite and PostgreSQL.
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

/** The datamodel the committed SQLite migrations produce, read back from a scratch database. */
function replayedDatamodel(scratch) {
  const dbFile = path.join(scratch, "replayed.db");
  const db = new Database(dbFile);
  for (const entry of readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    db.exec(readFileSync(path.join(migrationsDir, entry.name, "migration.sql"), "utf8"));
  }
  db.close();
  const pulled = prisma(["db", "pull", "--print"], { DATABASE_URL: `file:${dbFile}` });
  // The CLI prints warnings on stdout ahead of the schema; keep the schema only.
  return pulled.slice(Math.max(pulled.search(/^(generator|datasource|model)\b/m), 0));
}

function withScratch(work) {
  const scratch = mkdtempSync(path.join(tmpdir(), "gatehouse-migrations-"));
  try {
    return work(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** SQL that takes the SQLite migrations to prisma/schema.prisma (empty when they match). */
export function migrationDiffSql() {
  return withScratch((scratch) => {
    const replayed = path.join(scratch, "replayed.prisma");
    writeFileSync(replayed, replayedDatamodel(scratch));
    return prisma([
      "migrate",
      "diff",
      "--from-schema-datamodel",
      replayed,
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ]);
  });
}

/**
 * The same change as PostgreSQL SQL: the state before it is what the SQLite migrations produce
 * (both sets are written together, so they describe the same models), seen as a PostgreSQL datamodel.
 * The PostgreSQL engine cannot introspect through the driver adapter (prisma/orm#27403), so this
 * diffs datamodels only and needs no database.
 */
export function postgresMigrationDiffSql() {
  return withScratch((scratch) => {
    const replayed = path.join(scratch, "replayed-postgres.prisma");
    writeFileSync(replayed, replayedDatamodel(scratch).replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"'));
    return prisma([
      "migrate",
      "diff",
      "--from-schema-datamodel",
      replayed,
      "--to-schema-datamodel",
      "prisma/postgres/schema.prisma",
      "--script",
    ]);
  });
}

/** The whole PostgreSQL schema as SQL, from nothing: what the migrations must add up to. */
export function postgresSchemaSql() {
  return prisma([
    "migrate",
    "diff",
    "--from-empty",
    "--to-schema-datamodel",
    "prisma/postgres/schema.prisma",
    "--script",
  ]);
}

export function hasStatements(sql) {
  return sql.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("--"));
}

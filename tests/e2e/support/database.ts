// Direct access to an e2e app's database, for what a test cannot do through the app: making a
// session look as old as a real one would be after a while (the "recent authentication" rules).
import Database from "better-sqlite3";
import pg from "pg";
import { readFileSync } from "node:fs";
import { postgresUrl, usesPostgres } from "../../../scripts/lib/test-databases.mjs";

/** The shared e2e server's database URL (tests/e2e/server.mjs). */
export function e2eDatabaseUrl(): string {
  if (!usesPostgres) return "file:./tests/.tmp/e2e.db";
  return postgresUrl(readFileSync("tests/.tmp/e2e-postgres-database", "utf8").trim());
}

/** Reads one number (a COUNT) with `?` placeholders from the database at `url`. */
export async function countOf(url: string, sql: string, params: unknown[]): Promise<number> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true });
    try {
      return Number(Object.values(db.prepare(sql).get(...params) as Record<string, unknown>)[0]);
    } finally {
      db.close();
    }
  }
  let index = 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      sql.replace(/\?/g, () => `$${++index}`),
      params,
    );
    return Number(Object.values(rows[0] as Record<string, unknown>)[0]);
  } finally {
    await client.end();
  }
}

/** Runs one statement with `?` placeholders on the database at `url`; returns the rows changed. */
export async function runSql(url: string, sql: string, params: unknown[]): Promise<number> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length));
    try {
      return db.prepare(sql).run(...params).changes;
    } finally {
      db.close();
    }
  }
  let index = 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      (
        await client.query(
          sql.replace(/\?/g, () => `$${++index}`),
          params,
        )
      ).rowCount ?? 0
    );
  } finally {
    await client.end();
  }
}

/** How each database stores a DateTime that Prisma wrote (ISO 8601; SQLite with an explicit offset). */
export function storedDate(date: Date, url: string): string {
  const iso = date.toISOString();
  return url.startsWith("file:") ? iso.replace("Z", "+00:00") : iso;
}

/** Makes every session of a person look `minutes` old, as if they had signed in that long ago. */
export async function ageSessions(url: string, email: string, minutes: number): Promise<void> {
  const then = storedDate(new Date(Date.now() - minutes * 60_000), url);
  const changed = await runSql(
    url,
    `UPDATE "SignedInSession" SET "createdAt" = ?, "reauthenticatedAt" = NULL
     WHERE "userId" = (SELECT "id" FROM "User" WHERE "email" = ?)`,
    [then, email.toLowerCase()],
  );
  if (changed === 0) throw new Error(`No session of ${email} to age`);
}

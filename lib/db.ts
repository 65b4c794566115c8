import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { env } from "@/lib/env";
import { watchDatabase } from "@/lib/server/database-outage";
import { metrics } from "@/lib/server/metrics";
import { onShutdown } from "@/lib/server/shutdown";

// One client per process, for whichever database DATABASE_URL names: the embedded SQLite file, or
// PostgreSQL for several instances. The two generated clients have the same models and API (both
// come from prisma/schema.prisma), so the rest of the app sees one PrismaClient type.
// The adapter Prisma connected goes with the client, for the reads that go to it directly
// (lib/db-rows.ts).
type Connected = { adapter?: SqlDriverAdapter };
const globalForDb = globalThis as unknown as { gatehouseDb?: { client: PrismaClient; connected: Connected } };

export const databaseProvider: "sqlite" | "postgresql" = /^postgres(ql)?:\/\//.test(env.DATABASE_URL)
  ? "postgresql"
  : "sqlite";

// The client's deadline is the server's statement_timeout and a little more, so a server that works
// answers first (with its own, clearer error), and one that does not answer is given up on.
const QUERY_DEADLINE_MARGIN_MS = 1_000;

/**
 * A query given up on (node-postgres's query_timeout) leaves its connection waiting for an answer
 * that may never come, and the pool would hand it out again: the next request would wait too. So the
 * connection is destroyed; the pool drops it and connects a new one when needed.
 */
function dropWhenStuck(client: import("pg").PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise)
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === "Query read timeout")
          (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      });
    return result;
  };
}

function createClient(connected: Connected): PrismaClient {
  if (databaseProvider === "postgresql") {
    // Loaded only when used, so a SQLite deployment never opens the pg driver (a static import would).
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { PrismaPg } = require("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
    const { Pool } = require("pg") as typeof import("pg");
    const { PrismaClient: PostgresClient } = require(".prisma/postgres-client") as {
      PrismaClient: new (options: object) => unknown;
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    // Our own pool (the adapter uses it as is), so the metrics can say how busy it is.
    const pool = new Pool({
      connectionString: env.DATABASE_URL,
      max: env.DATABASE_POOL_SIZE,
      // Bounds on waiting (lib/server/database-outage.ts turns running out of either into a 503).
      statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
      connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
      // The same bound on this side: a server that stops answering altogether (frozen, or a network
      // that drops packets) enforces no statement_timeout, and the socket stays open.
      query_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS + QUERY_DEADLINE_MARGIN_MS,
    });
    pool.on("connect", dropWhenStuck);
    // An idle connection the server closes (a restart, a failover, an administrator) is dropped from
    // the pool and replaced on next use; unlistened, the error would crash the process.
    pool.on("error", (error) => console.warn(`[db] an idle PostgreSQL connection was closed: ${error.message}`));
    metrics().setPoolUsage(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
    onShutdown("PostgreSQL pool", () => pool.end());
    const adapter = watchDatabase(rememberingAdapter(new PrismaPg(pool), connected));
    return new PostgresClient({ adapter }) as PrismaClient;
  }
  // better-sqlite3 waits up to `timeout` ms for a lock instead of failing with SQLITE_BUSY.
  const client = new PrismaClient({
    adapter: watchDatabase(
      rememberingAdapter(new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: 5000 }), connected),
    ),
  });
  onShutdown("SQLite database", () => client.$disconnect());
  return client;
}

function rememberingAdapter<F extends SqlDriverAdapterFactory>(factory: F, connected: Connected): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    handBackAfterFailedEnd(adapter);
    const watched = watchDatabase(adapter);
    connected.adapter = watched;
    // $disconnect() disposes of it; the next query connects a new one.
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      if (connected.adapter === watched) connected.adapter = undefined;
      return dispose();
    };
    return adapter;
  };
  return factory;
}

/**
 * Prisma's transaction manager (6.19) sends COMMIT, and only then hands the connection back (the
 * driver transaction's `commit()`; `rollback()` after ROLLBACK). When COMMIT itself fails, as a
 * Serializable transaction's does when PostgreSQL finds the conflict at commit, it never hands it
 * back: the pool lost one connection for good, until after `DATABASE_POOL_SIZE` such conflicts every
 * request waited for a connection (503) and shutdown waited for them (issue 30). So a failed COMMIT
 * or ROLLBACK hands the connection back here, once, whoever asks twice: a PostgreSQL connection
 * marked broken, so the pool closes it rather than lend it again (a COMMIT given up on by the client's
 * deadline leaves a socket that is still closing); SQLite's after ending the transaction if it is
 * still open (a COMMIT refused as busy leaves it open), so the next BEGIN finds none.
 */
type PoolClientLike = { release(destroy: boolean): void };
type SqliteLike = { inTransaction: boolean; exec(sql: string): unknown };

function handBackAfterFailedEnd(adapter: SqlDriverAdapter): void {
  const start = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => {
    const transaction = await start(...args);
    let handedBack = false;
    const once = (end: () => Promise<void>) => async () => {
      if (handedBack) return;
      handedBack = true;
      await end();
    };
    const commit = once(transaction.commit.bind(transaction));
    const rollback = once(transaction.rollback.bind(transaction));
    const executeRaw = transaction.executeRaw.bind(transaction);
    Object.assign(transaction, {
      commit,
      rollback,
      executeRaw: async (query: SqlQuery) => {
        try {
          return await executeRaw(query);
        } catch (error) {
          if (/^\s*(COMMIT|ROLLBACK)\s*$/i.test(query.sql) && !handedBack) {
            const driver = (transaction as { client?: Partial<PoolClientLike & SqliteLike> }).client;
            if (typeof driver?.release === "function") {
              handedBack = true;
              driver.release(true);
            } else {
              if (driver?.inTransaction === true) driver.exec?.("ROLLBACK");
              await rollback();
            }
          }
          throw error;
        }
      },
    });
    return transaction;
  };
}

/** The driver adapter Prisma uses (connecting it first if no query has yet), watched as Prisma's is. */
export async function driverAdapter(): Promise<SqlDriverAdapter> {
  if (!database.connected.adapter) await db.$connect();
  if (!database.connected.adapter) throw new Error("Prisma connected no driver adapter.");
  return database.connected.adapter;
}

// Next's dev server re-evaluates modules on every change, so the client is parked on globalThis.
const database = globalForDb.gatehouseDb ?? newDatabase();
if (!env.isProduction) globalForDb.gatehouseDb = database;
export const db = database.client;

function newDatabase() {
  const connected: Connected = {};
  return { client: createClient(connected), connected };
}

/**
 * Whether `error` is a Prisma request error with one of these codes (P2002 unique, P2034 write
 * conflict...). Checked by name, not instanceof: each generated client carries its own runtime, so
 * the PostgreSQL client's error class is not the one exported by @prisma/client.
 */
export function isPrismaError(error: unknown, ...codes: string[]): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "PrismaClientKnownRequestError" &&
    codes.includes(String((error as { code?: unknown }).code))
  );
}

// SQLite's form of a serialization failure: a transaction that read a snapshot tries to write after
// another connection (another process: a script, a second server on the same file) committed since.
const SQLITE_SNAPSHOT_CONFLICT = "SQLITE_BUSY_SNAPSHOT";

/**
 * Whether `error` is a serialization failure that a retry can get past. Prisma reports one raised
 * during a statement as P2034 (SQLite's as its own code), but one raised at COMMIT reaches us as the
 * driver adapter's own error (kind TransactionWriteConflict, PostgreSQL's 40001), unwrapped.
 */
export function isWriteConflict(error: unknown): boolean {
  if (isPrismaError(error, "P2034", SQLITE_SNAPSHOT_CONFLICT)) return true;
  if (typeof error !== "object" || error === null) return false;
  const { name, cause } = error as { name?: unknown; cause?: { kind?: unknown; originalCode?: unknown } };
  return (
    name === "DriverAdapterError" &&
    (cause?.kind === "TransactionWriteConflict" ||
      ["40001", "40P01", SQLITE_SNAPSHOT_CONFLICT].includes(String(cause?.originalCode)))
  );
}

/**
 * A case-insensitive prefix match on a column stored lower-case (emails). SQLite: a range the
 * index can seek to. PostgreSQL: LIKE 'prefix%', because a range ending in "\uffff" is only
 * right under byte-order collations, and a server's default collation is usually not one.
 */
export function lowerCasePrefix(prefix: string): { gte: string; lt: string } | { startsWith: string } {
  return databaseProvider === "postgresql" ? { startsWith: prefix } : { gte: prefix, lt: `${prefix}\uffff` };
}

/** A case-insensitive prefix match on free text (names): SQLite's LIKE ignores ASCII case already. */
export function caseInsensitivePrefix(prefix: string): { startsWith: string } {
  return (databaseProvider === "postgresql" ? { startsWith: prefix, mode: "insensitive" } : { startsWith: prefix }) as {
    startsWith: string;
  };
}

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { env } from "@/lib/env";

// One client per process. Next's dev server re-evaluates modules on every change, so the client
// is parked on globalThis to avoid opening a new SQLite handle per hot reload.
const globalForDb = globalThis as unknown as { gatehouseDb?: PrismaClient };

function createClient(): PrismaClient {
  // better-sqlite3 waits up to `timeout` ms for a lock instead of failing with SQLITE_BUSY.
  const adapter = new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: 5000 });
  return new PrismaClient({ adapter });
}

export const db = globalForDb.gatehouseDb ?? createClient();
if (!env.isProduction) globalForDb.gatehouseDb = db;

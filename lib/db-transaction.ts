import { Prisma } from "@prisma/client";
import { db, isPrismaError, isWriteConflict } from "@/lib/db";
import { DatabaseBusy } from "@/lib/server/database-outage";
import { metrics } from "@/lib/server/metrics";

const MAX_ATTEMPTS = 12;
// A unique key taken by a concurrent writer shows after one retry (the retry reads the committed row
// and its own check answers); one still taken after a few is a real duplicate, not load.
const MAX_UNIQUE_ATTEMPTS = 3;

/**
 * Runs `work` in a Serializable transaction and retries it when the database reports a
 * serialization conflict (P2034, or 40001 at commit) or a unique constraint raced (P2002). Guards that read
 * then write, like "is there another active admin?" or "fewer than 50 tokens?", are only sound at
 * this level. Under contention (dozens of the same person's requests at once) each round lets at
 * least one through; the jittered, growing pause spreads the rest out so they do not collide again.
 */
export async function serializable<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  let duplicates = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable });
    } catch (error) {
      const duplicate = isPrismaError(error, "P2002");
      if (!isWriteConflict(error) && !duplicate) throw error;
      if (duplicate && ++duplicates >= MAX_UNIQUE_ATTEMPTS) throw error;
      if (attempt >= MAX_ATTEMPTS) {
        // Still conflicting after every retry: overload, answered 503 + Retry-After, never a 500.
        metrics().transactionsGivenUp.inc();
        throw new DatabaseBusy(error);
      }
      const ceiling = Math.min(500, 10 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}

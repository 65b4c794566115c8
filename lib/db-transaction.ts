import { Prisma } from "@prisma/client";
import { db, isPrismaError } from "@/lib/db";

/**
 * Runs `work` in a Serializable transaction and retries it when the database reports a
 * serialization conflict (P2034) or the audit chain raced (P2002 on prevHash). Guards that read
 * then write, like "is there another active admin?", are only sound at this level.
 */
export async function serializable<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(work, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable });
    } catch (error) {
      const retryable = isPrismaError(error, "P2034", "P2002");
      if (!retryable || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
    }
  }
}

import "server-only";
import { db } from "@/lib/db";

/** The dev outbox, newest first (app/dev/outbox). */
export function listOutbox(take = 50) {
  return db.outboxMail.findMany({ orderBy: { createdAt: "desc" }, take });
}

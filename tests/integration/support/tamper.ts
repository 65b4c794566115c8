import { databaseProvider, db } from "@/lib/db";

// What an attacker with direct database access would do, on either database.

export async function dropAuditTrigger(name: "AuditEvent_no_update" | "AuditEvent_no_delete") {
  // PostgreSQL names a trigger per table; SQLite's names are global.
  const on = databaseProvider === "postgresql" ? ` ON "AuditEvent"` : "";
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${name}"${on}`);
}

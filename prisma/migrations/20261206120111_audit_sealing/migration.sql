-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "targetId" TEXT,
    "targetEmail" TEXT,
    "before" TEXT,
    "after" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "seq" INTEGER,
    "prevHash" TEXT,
    "hash" TEXT
);
-- Entries sealed before sealing was its own step keep their hashes; their place in the chain is their id.
INSERT INTO "new_AuditEvent" ("action", "actorEmail", "actorId", "after", "before", "createdAt", "hash", "id", "ip", "prevHash", "seq", "targetEmail", "targetId", "userAgent") SELECT "action", "actorEmail", "actorId", "after", "before", "createdAt", "hash", "id", "ip", "prevHash", "id", "targetEmail", "targetId", "userAgent" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");
CREATE UNIQUE INDEX "AuditEvent_prevHash_key" ON "AuditEvent"("prevHash");
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");
CREATE INDEX "AuditEvent_action_id_idx" ON "AuditEvent"("action", "id");
CREATE INDEX "AuditEvent_actorEmail_idx" ON "AuditEvent"("actorEmail");
CREATE INDEX "AuditEvent_targetEmail_idx" ON "AuditEvent"("targetEmail");
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Still append-only (the old table's triggers went with it): an entry is never removed, and changed
-- only once, when the sealer gives an unsealed entry its place and hash and nothing else.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
WHEN NOT (
    OLD."seq" IS NULL AND OLD."prevHash" IS NULL AND OLD."hash" IS NULL
    AND NEW."seq" IS NOT NULL AND NEW."prevHash" IS NOT NULL AND NEW."hash" IS NOT NULL
    AND NEW."id" IS OLD."id" AND NEW."createdAt" IS OLD."createdAt" AND NEW."action" IS OLD."action" AND NEW."actorId" IS OLD."actorId" AND NEW."actorEmail" IS OLD."actorEmail" AND NEW."targetId" IS OLD."targetId" AND NEW."targetEmail" IS OLD."targetEmail" AND NEW."before" IS OLD."before" AND NEW."after" IS OLD."after" AND NEW."ip" IS OLD."ip" AND NEW."userAgent" IS OLD."userAgent"
)
BEGIN
    SELECT RAISE(ABORT, 'The audit log is append-only: an entry is only ever sealed, once.');
END;

CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent"
BEGIN
    SELECT RAISE(ABORT, 'The audit log is append-only.');
END;

-- The append-only trigger is lifted for the one change made here: entries sealed before sealing was
-- its own step keep their hashes, and their place in the chain is their id.
DROP TRIGGER "AuditEvent_no_update" ON "AuditEvent";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "seq" INTEGER,
ALTER COLUMN "prevHash" DROP NOT NULL,
ALTER COLUMN "hash" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");


UPDATE "AuditEvent" SET "seq" = "id";

-- Still append-only: an entry is never removed, and changed only once, when the sealer gives an
-- unsealed entry its place and hash and nothing else. (Nested IFs: a TRUNCATE has no OLD row.)
CREATE OR REPLACE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD."seq" IS NULL AND OLD."prevHash" IS NULL AND OLD."hash" IS NULL
           AND NEW."seq" IS NOT NULL AND NEW."prevHash" IS NOT NULL AND NEW."hash" IS NOT NULL
           AND (NEW."id", NEW."createdAt", NEW."action", NEW."actorId", NEW."actorEmail", NEW."targetId", NEW."targetEmail", NEW."before", NEW."after", NEW."ip", NEW."userAgent") IS NOT DISTINCT FROM (OLD."id", OLD."createdAt", OLD."action", OLD."actorId", OLD."actorEmail", OLD."targetId", OLD."targetEmail", OLD."before", OLD."after", OLD."ip", OLD."userAgent") THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: an entry is only ever sealed, once.';
END;
$$;

CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
    FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

-- CreateTable
CREATE TABLE "Impersonation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sid" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    CONSTRAINT "Impersonation_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Impersonation_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Impersonation_sid_idx" ON "Impersonation"("sid");

-- CreateIndex
CREATE INDEX "Impersonation_targetId_startedAt_idx" ON "Impersonation"("targetId", "startedAt");

-- CreateIndex
CREATE INDEX "Impersonation_actorId_idx" ON "Impersonation"("actorId");


-- CreateTable
CREATE TABLE "ReadTally" (
    "grantId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "appId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "via" TEXT NOT NULL,

    CONSTRAINT "ReadTally_pkey" PRIMARY KEY ("grantId","hour")
);

-- CreateIndex
CREATE INDEX "ReadTally_hour_idx" ON "ReadTally"("hour");


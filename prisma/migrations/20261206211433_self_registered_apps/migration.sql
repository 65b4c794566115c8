-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OAuthApp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'person',
    "registeredFrom" TEXT,
    "name" TEXT NOT NULL,
    "homepageUrl" TEXT,
    "privacyUrl" TEXT,
    "termsUrl" TEXT,
    "logoUrl" TEXT,
    "redirectUris" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "firstParty" BOOLEAN NOT NULL DEFAULT false,
    "serviceRole" TEXT,
    "accessTokenSeconds" INTEGER,
    "dpopBoundAccessTokens" BOOLEAN NOT NULL DEFAULT false,
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "review" TEXT NOT NULL DEFAULT 'approved',
    CONSTRAINT "OAuthApp_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OAuthApp" ("accessTokenSeconds", "createdAt", "disabledAt", "dpopBoundAccessTokens", "firstParty", "homepageUrl", "id", "kind", "logoUrl", "name", "ownerId", "privacyUrl", "redirectUris", "review", "scopes", "serviceRole", "termsUrl", "updatedAt") SELECT "accessTokenSeconds", "createdAt", "disabledAt", "dpopBoundAccessTokens", "firstParty", "homepageUrl", "id", "kind", "logoUrl", "name", "ownerId", "privacyUrl", "redirectUris", "review", "scopes", "serviceRole", "termsUrl", "updatedAt" FROM "OAuthApp";
DROP TABLE "OAuthApp";
ALTER TABLE "new_OAuthApp" RENAME TO "OAuthApp";
CREATE INDEX "OAuthApp_ownerId_createdAt_idx" ON "OAuthApp"("ownerId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


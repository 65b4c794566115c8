-- AlterTable
ALTER TABLE "OAuthApp" ADD COLUMN     "registeredFrom" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'person',
ALTER COLUMN "ownerId" DROP NOT NULL;


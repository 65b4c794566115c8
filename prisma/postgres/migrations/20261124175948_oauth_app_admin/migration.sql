-- AlterTable
ALTER TABLE "OAuthApp" ADD COLUMN     "accessTokenSeconds" INTEGER,
ADD COLUMN     "firstParty" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "serviceRole" TEXT;


-- AlterTable
ALTER TABLE "OAuthApp" ADD COLUMN "privacyUrl" TEXT;
ALTER TABLE "OAuthApp" ADD COLUMN "termsUrl" TEXT;


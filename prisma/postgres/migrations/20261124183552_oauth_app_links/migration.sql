-- AlterTable
ALTER TABLE "OAuthApp" ADD COLUMN     "privacyUrl" TEXT,
ADD COLUMN     "termsUrl" TEXT;


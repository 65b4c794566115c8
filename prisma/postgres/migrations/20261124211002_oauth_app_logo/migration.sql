-- AlterTable
ALTER TABLE "OAuthApp" ADD COLUMN     "logoUrl" TEXT;


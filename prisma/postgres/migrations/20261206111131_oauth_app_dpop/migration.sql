-- AlterTable
ALTER TABLE "OAuthApp" ADD COLUMN     "dpopBoundAccessTokens" BOOLEAN NOT NULL DEFAULT false;


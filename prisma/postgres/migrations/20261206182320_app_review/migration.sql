-- AlterTable
ALTER TABLE "OAuthApp" ADD COLUMN     "review" TEXT NOT NULL DEFAULT 'approved';


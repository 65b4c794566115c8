-- AlterTable
ALTER TABLE "SignedInSession" ADD COLUMN "signedInWith" TEXT;


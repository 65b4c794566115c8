-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "updatedById" TEXT;

-- CreateIndex
CREATE INDEX "Article_updatedById_idx" ON "Article"("updatedById");

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- AlterTable
ALTER TABLE "BulkJob" ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "pendingInput" TEXT,
ADD COLUMN     "queuedCount" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "BulkJob_leaseUntil_idx" ON "BulkJob"("leaseUntil");


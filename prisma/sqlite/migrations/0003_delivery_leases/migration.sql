-- AlterTable
ALTER TABLE "Message" ADD COLUMN "firstAttemptAt" DATETIME;
ALTER TABLE "Message" ADD COLUMN "leaseUntil" DATETIME;
ALTER TABLE "Message" ADD COLUMN "sendGroup" TEXT;

-- AlterTable
ALTER TABLE "BulkJob" ADD COLUMN "leasedBy" TEXT;

-- CreateTable
CREATE TABLE "DailyDigest" (
    "accountId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "postedAt" DATETIME,

    PRIMARY KEY ("accountId", "day")
);

-- CreateIndex
CREATE INDEX "Message_status_leaseUntil_idx" ON "Message"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "Message_sendGroup_status_idx" ON "Message"("sendGroup", "status");


-- AlterTable
ALTER TABLE "Message" ADD COLUMN "deliveryDetail" TEXT;

-- CreateTable
CREATE TABLE "AlertCursor" (
    "accountId" TEXT NOT NULL PRIMARY KEY,
    "afterId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Message_accountId_status_updatedAt_idx" ON "Message"("accountId", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "Message_accountId_deliveryStatus_deliveryAt_idx" ON "Message"("accountId", "deliveryStatus", "deliveryAt");


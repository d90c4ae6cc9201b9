-- AlterTable
ALTER TABLE "SlackChannelBinding" ADD COLUMN     "enterpriseId" TEXT;

-- AlterTable
ALTER TABLE "LoginToken" ADD COLUMN     "keyId" TEXT;

-- CreateIndex
CREATE INDEX "IdempotentRequest_createdAt_idx" ON "IdempotentRequest"("createdAt");


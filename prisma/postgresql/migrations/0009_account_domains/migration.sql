-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "domain" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Account_domain_key" ON "Account"("domain");


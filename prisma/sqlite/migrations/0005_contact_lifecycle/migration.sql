-- Hand-edited from `prisma migrate diff`: Prisma rebuilt Account to put the
-- new column in schema order; an ADD COLUMN keeps the table (and its rows) in place.
-- AlterTable
ALTER TABLE "Account" ADD COLUMN "deactivatedCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "deactivatedAt" DATETIME;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "endedAt" DATETIME;
ALTER TABLE "Session" ADD COLUMN "endedReason" TEXT;

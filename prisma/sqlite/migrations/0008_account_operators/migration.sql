-- AlterTable
ALTER TABLE "Account" ADD COLUMN "archivedAt" DATETIME;

-- AlterTable
-- Written by hand: `prisma migrate diff` rebuilds the table for a NOT NULL column, but SQLite adds one
-- with a constant default in place (same resulting schema, no copy of the keys table).
ALTER TABLE "ApiKey" ADD COLUMN "operator" BOOLEAN NOT NULL DEFAULT false;

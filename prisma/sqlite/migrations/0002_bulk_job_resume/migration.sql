-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BulkJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "requestedBy" TEXT NOT NULL,
    "reportTo" TEXT,
    "pendingInput" TEXT,
    "queuedCount" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BulkJob_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_BulkJob" ("accountId", "createdAt", "failed", "finishedAt", "id", "kind", "reportTo", "requestedBy", "sent", "total") SELECT "accountId", "createdAt", "failed", "finishedAt", "id", "kind", "reportTo", "requestedBy", "sent", "total" FROM "BulkJob";
DROP TABLE "BulkJob";
ALTER TABLE "new_BulkJob" RENAME TO "BulkJob";
CREATE INDEX "BulkJob_accountId_createdAt_idx" ON "BulkJob"("accountId", "createdAt");
CREATE INDEX "BulkJob_leaseUntil_idx" ON "BulkJob"("leaseUntil");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


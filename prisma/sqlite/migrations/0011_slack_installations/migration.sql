-- CreateTable
CREATE TABLE "SlackInstallation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "installationKey" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "teamId" TEXT,
    "teamName" TEXT,
    "enterpriseId" TEXT,
    "enterpriseName" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "appId" TEXT,
    "botId" TEXT,
    "botUserId" TEXT,
    "scopes" TEXT NOT NULL DEFAULT '',
    "installerUserId" TEXT,
    "botTokenSealed" TEXT,
    "refreshTokenSealed" TEXT,
    "tokenExpiresAt" DATETIME,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "uninstalledAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "SlackInstallation_installationKey_key" ON "SlackInstallation"("installationKey");

-- CreateIndex
CREATE INDEX "SlackInstallation_accountId_idx" ON "SlackInstallation"("accountId");

-- CreateIndex
CREATE INDEX "SlackInstallation_enterpriseId_idx" ON "SlackInstallation"("enterpriseId");


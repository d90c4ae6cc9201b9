-- AlterTable
ALTER TABLE "AccessGrant" ADD COLUMN "resourceUrl" TEXT;

-- AlterTable
ALTER TABLE "LoginToken" ADD COLUMN "appId" TEXT;
ALTER TABLE "LoginToken" ADD COLUMN "appPath" TEXT;

-- CreateTable
CREATE TABLE "OidcApp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "redirectUris" TEXT NOT NULL,
    "postLogoutRedirectUris" TEXT NOT NULL DEFAULT '[]',
    "isPublic" BOOLEAN NOT NULL DEFAULT false,
    "tokenAuthMethod" TEXT NOT NULL DEFAULT 'client_secret_basic',
    "secretSealed" TEXT,
    "requires" TEXT,
    "loginUrl" TEXT,
    "returnParam" TEXT NOT NULL DEFAULT 'callbackUrl',
    "subjectType" TEXT NOT NULL DEFAULT 'pairwise',
    "refreshTokens" BOOLEAN NOT NULL DEFAULT false,
    "backchannelLogoutUri" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OidcPayload" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "model" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "userCode" TEXT,
    "uid" TEXT,
    "contactId" TEXT,
    "expiresAt" DATETIME,
    "consumedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OidcSigningKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sealedJwk" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME
);

-- CreateIndex
CREATE INDEX "OidcApp_accountId_nameKey_idx" ON "OidcApp"("accountId", "nameKey");

-- CreateIndex
CREATE INDEX "OidcPayload_grantId_idx" ON "OidcPayload"("grantId");

-- CreateIndex
CREATE INDEX "OidcPayload_uid_idx" ON "OidcPayload"("uid");

-- CreateIndex
CREATE INDEX "OidcPayload_contactId_idx" ON "OidcPayload"("contactId");

-- CreateIndex
CREATE INDEX "OidcPayload_expiresAt_idx" ON "OidcPayload"("expiresAt");


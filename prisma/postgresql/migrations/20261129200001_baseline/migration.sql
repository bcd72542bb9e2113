-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "actor" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "params" TEXT NOT NULL DEFAULT '{}',
    "command" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "durationMs" INTEGER,
    "result" TEXT,
    "serverProcess" TEXT,
    "sessionId" TEXT,
    "engineId" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "engineId" TEXT,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "userAgent" TEXT,
    "address" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registry" (
    "id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "secretSealed" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Registry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalysedLayer" (
    "id" SERIAL NOT NULL,
    "diffId" TEXT,
    "tarBytes" BIGINT NOT NULL DEFAULT 0,
    "entryCount" INTEGER NOT NULL DEFAULT 0,
    "contentBytes" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalysedLayer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnalysedLayerEntry" (
    "layerId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "parent" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "mode" INTEGER NOT NULL,
    "uid" INTEGER NOT NULL,
    "gid" INTEGER NOT NULL,
    "linkTarget" TEXT,
    "hash" TEXT,

    CONSTRAINT "AnalysedLayerEntry_pkey" PRIMARY KEY ("layerId","position")
);

-- CreateTable
CREATE TABLE "LayerAlias" (
    "alias" TEXT NOT NULL,
    "diffId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LayerAlias_pkey" PRIMARY KEY ("alias")
);

-- CreateTable
CREATE TABLE "ImageAnalysis" (
    "imageId" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImageAnalysis_pkey" PRIMARY KEY ("imageId")
);

-- CreateTable
CREATE TABLE "CleanupPlan" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "reclaimableBytes" BIGINT NOT NULL,
    "sharedBetweenItemsBytes" BIGINT NOT NULL,
    "itemState" TEXT NOT NULL DEFAULT '{}',
    "runStartedAt" TIMESTAMP(3),
    "runBy" TEXT,
    "runFinishedAt" TIMESTAMP(3),
    "runAuditId" TEXT,
    "runResult" TEXT,

    CONSTRAINT "CleanupPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Build" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "actor" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "dockerfilePath" TEXT NOT NULL,
    "dockerfile" TEXT,
    "files" TEXT,
    "remote" TEXT,
    "options" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "compareKey" TEXT NOT NULL,
    "previousBuildId" TEXT,
    "command" TEXT NOT NULL,
    "imageId" TEXT,
    "lastImageId" TEXT,
    "error" TEXT,
    "steps" TEXT NOT NULL DEFAULT '[]',
    "cacheHits" INTEGER,
    "durationMs" INTEGER,
    "log" TEXT NOT NULL DEFAULT '',
    "logBytes" INTEGER NOT NULL DEFAULT 0,
    "logFile" TEXT,
    "contextHashes" TEXT,
    "serverProcess" TEXT NOT NULL,
    "cancelRequestedAt" TIMESTAMP(3),
    "cancelledBy" TEXT,

    CONSTRAINT "Build_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CleanupPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "maxBytes" BIGINT,
    "maxItems" INTEGER,
    "schedule" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastTickAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastPlanId" TEXT,
    "lastOutcome" TEXT,
    "lastError" TEXT,

    CONSTRAINT "CleanupPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Engine" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'docker',
    "tlsCaSealed" TEXT,
    "tlsCertSealed" TEXT,
    "tlsKeySealed" TEXT,
    "sshKeySealed" TEXT,
    "sshHostKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Engine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_createdAt_idx" ON "AuditEntry"("createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_action_createdAt_idx" ON "AuditEntry"("action", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_outcome_createdAt_idx" ON "AuditEntry"("outcome", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_target_idx" ON "AuditEntry"("target");

-- CreateIndex
CREATE INDEX "AuditEntry_sessionId_idx" ON "AuditEntry"("sessionId");

-- CreateIndex
CREATE INDEX "AuditEntry_engineId_createdAt_idx" ON "AuditEntry"("engineId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Registry_address_key" ON "Registry"("address");

-- CreateIndex
CREATE UNIQUE INDEX "AnalysedLayer_diffId_key" ON "AnalysedLayer"("diffId");

-- CreateIndex
CREATE INDEX "AnalysedLayerEntry_layerId_parent_name_idx" ON "AnalysedLayerEntry"("layerId", "parent", "name");

-- CreateIndex
CREATE INDEX "LayerAlias_diffId_idx" ON "LayerAlias"("diffId");

-- CreateIndex
CREATE INDEX "CleanupPlan_createdAt_idx" ON "CleanupPlan"("createdAt");

-- CreateIndex
CREATE INDEX "Build_createdAt_idx" ON "Build"("createdAt");

-- CreateIndex
CREATE INDEX "Build_compareKey_createdAt_idx" ON "Build"("compareKey", "createdAt");

-- CreateIndex
CREATE INDEX "Build_outcome_idx" ON "Build"("outcome");

-- CreateIndex
CREATE UNIQUE INDEX "CleanupPolicy_name_key" ON "CleanupPolicy"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Engine_name_key" ON "Engine"("name");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalysedLayerEntry" ADD CONSTRAINT "AnalysedLayerEntry_layerId_fkey" FOREIGN KEY ("layerId") REFERENCES "AnalysedLayer"("id") ON DELETE CASCADE ON UPDATE CASCADE;


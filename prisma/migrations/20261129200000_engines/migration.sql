-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "engineId" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "engineId" TEXT;

-- CreateTable
CREATE TABLE "Engine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'docker',
    "tlsCaSealed" TEXT,
    "tlsCertSealed" TEXT,
    "tlsKeySealed" TEXT,
    "sshKeySealed" TEXT,
    "sshHostKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Engine_name_key" ON "Engine"("name");

-- CreateIndex
CREATE INDEX "AuditEntry_engineId_createdAt_idx" ON "AuditEntry"("engineId", "createdAt");


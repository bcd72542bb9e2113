-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "sessionId" TEXT;

-- CreateIndex
CREATE INDEX "AuditEntry_sessionId_idx" ON "AuditEntry"("sessionId");

-- AlterTable
ALTER TABLE "CleanupPlan" ADD COLUMN "itemState" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "CleanupPlan" ADD COLUMN "runStartedAt" DATETIME;
ALTER TABLE "CleanupPlan" ADD COLUMN "runBy" TEXT;
ALTER TABLE "CleanupPlan" ADD COLUMN "runFinishedAt" DATETIME;
ALTER TABLE "CleanupPlan" ADD COLUMN "runAuditId" TEXT;
ALTER TABLE "CleanupPlan" ADD COLUMN "runResult" TEXT;

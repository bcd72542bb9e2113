-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "serverProcess" TEXT;


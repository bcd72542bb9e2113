-- CreateTable
CREATE TABLE "CleanupPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "reclaimableBytes" BIGINT NOT NULL,
    "sharedBetweenItemsBytes" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "CleanupPlan_createdAt_idx" ON "CleanupPlan"("createdAt");

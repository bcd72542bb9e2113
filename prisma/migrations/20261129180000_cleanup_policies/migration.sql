-- CreateTable
CREATE TABLE "CleanupPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "maxBytes" BIGINT,
    "maxItems" INTEGER,
    "schedule" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "lastTickAt" DATETIME,
    "lastRunAt" DATETIME,
    "lastPlanId" TEXT,
    "lastOutcome" TEXT,
    "lastError" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "CleanupPolicy_name_key" ON "CleanupPolicy"("name");

-- CreateTable
CREATE TABLE "Build" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
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
    "cancelRequestedAt" DATETIME,
    "cancelledBy" TEXT
);

-- CreateIndex
CREATE INDEX "Build_createdAt_idx" ON "Build"("createdAt");

-- CreateIndex
CREATE INDEX "Build_compareKey_createdAt_idx" ON "Build"("compareKey", "createdAt");

-- CreateIndex
CREATE INDEX "Build_outcome_idx" ON "Build"("outcome");

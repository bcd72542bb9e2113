-- AlterTable
ALTER TABLE "Build" ADD COLUMN "contextKeptBy" TEXT;

-- AlterTable
ALTER TABLE "ConsoleSession" ADD COLUMN "endedAt" DATETIME;

-- CreateTable
CREATE TABLE "BuildLogChunk" (
    "buildId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,

    PRIMARY KEY ("buildId", "seq"),
    CONSTRAINT "BuildLogChunk_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ConsoleSession_owner_endedAt_idx" ON "ConsoleSession"("owner", "endedAt");


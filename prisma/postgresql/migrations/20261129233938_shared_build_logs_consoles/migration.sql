-- AlterTable
ALTER TABLE "Build" ADD COLUMN     "contextKeptBy" TEXT;

-- AlterTable
ALTER TABLE "ConsoleSession" ADD COLUMN     "endedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "BuildLogChunk" (
    "buildId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "BuildLogChunk_pkey" PRIMARY KEY ("buildId","seq")
);

-- CreateIndex
CREATE INDEX "ConsoleSession_owner_endedAt_idx" ON "ConsoleSession"("owner", "endedAt");

-- AddForeignKey
ALTER TABLE "BuildLogChunk" ADD CONSTRAINT "BuildLogChunk_buildId_fkey" FOREIGN KEY ("buildId") REFERENCES "Build"("id") ON DELETE CASCADE ON UPDATE CASCADE;


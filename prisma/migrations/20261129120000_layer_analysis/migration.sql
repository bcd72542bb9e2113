-- CreateTable
CREATE TABLE "AnalysedLayer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "diffId" TEXT,
    "tarBytes" BIGINT NOT NULL DEFAULT 0,
    "entryCount" INTEGER NOT NULL DEFAULT 0,
    "contentBytes" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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

    PRIMARY KEY ("layerId", "position"),
    CONSTRAINT "AnalysedLayerEntry_layerId_fkey" FOREIGN KEY ("layerId") REFERENCES "AnalysedLayer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LayerAlias" (
    "alias" TEXT NOT NULL PRIMARY KEY,
    "diffId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ImageAnalysis" (
    "imageId" TEXT NOT NULL PRIMARY KEY,
    "result" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "AnalysedLayer_diffId_key" ON "AnalysedLayer"("diffId");

-- CreateIndex
CREATE INDEX "AnalysedLayerEntry_layerId_parent_name_idx" ON "AnalysedLayerEntry"("layerId", "parent", "name");

-- CreateIndex
CREATE INDEX "LayerAlias_diffId_idx" ON "LayerAlias"("diffId");


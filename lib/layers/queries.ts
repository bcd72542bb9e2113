import "server-only";
import type { Readable } from "node:stream";
import { saveImageFromEngine } from "@/lib/docker/transfer";
import { AppError, BadRequestError } from "@/lib/errors";
import { analyseImage } from "@/lib/layers/actions";
import { baseName } from "@/lib/layers/analysis/paths";
import { UnionFs } from "@/lib/layers/analysis/union";
import { compareUnions } from "@/lib/layers/compare";
import { openFileInArchive } from "@/lib/layers/layer-file";
import { listDirectoryAt } from "@/lib/layers/listing";
import { getLayerStore, readLayerEntries, type StoredEntry } from "@/lib/layers/store";
import type { CompareSide, ImageComparison, LayerAnalysis, LayerDirectoryListing, LayerFileView } from "@/lib/layers/types";
import { createZstdDecompress } from "@/lib/layers/zstd";

/** Rows per page of a directory listing when the caller does not say. */
export const DEFAULT_LISTING_LIMIT = 2000;

function layerOf(analysis: LayerAnalysis, index: number, ref: string) {
  const layer = analysis.layers[index];
  if (!layer) {
    throw new BadRequestError(
      "layer",
      `Image ${ref} has ${analysis.layers.length} layer${analysis.layers.length === 1 ? "" : "s"}: the index is 0 (the base) to ${analysis.layers.length - 1}.`,
    );
  }
  return layer;
}

/**
 * One directory level of an image at a layer, a page at a time (`view: "layer"`: what that layer's
 * tar holds there; `"union"`: what a container of the image built up to that layer sees). The
 * image is analysed first if it has not been.
 *
 * @example await listLayerFiles({ ref: "seed/fat:1", index: 2, path: "/data", view: "layer" })
 * // { path: "/data", entries: [{ name: "big.bin", change: "deleted", … }], total: 1, … }
 */
export async function listLayerFiles({
  ref,
  index,
  path,
  view,
  offset = 0,
  limit = DEFAULT_LISTING_LIMIT,
}: {
  ref: string;
  index: number;
  path: string;
  view: LayerFileView;
  offset?: number;
  limit?: number;
}): Promise<LayerDirectoryListing> {
  const analysis = await analyseImage({ ref });
  layerOf(analysis, index, ref);
  const store = getLayerStore();
  const layerIds = await Promise.all(analysis.layers.map(async (layer) => (await store.storedLayer(layer.diffId))?.id ?? null));
  const rows = await listDirectoryAt({ store, layerIds, layer: index, path, view });
  if (rows === null) throw new AppError("not_found:path", `${path} is not a directory in layer ${index} of ${ref}.`);
  const entries = rows.slice(offset, offset + limit);
  return {
    path,
    view,
    layer: index,
    entries,
    total: rows.length,
    offset,
    nextOffset: offset + entries.length < rows.length ? offset + entries.length : null,
  };
}

/** The last row a layer has at `path` that is content (not a deletion marker). */
function contentEntryAt(entries: readonly StoredEntry[]): StoredEntry | null {
  const found = entries.filter((entry) => !entry.implicit && entry.type !== "whiteout" && entry.type !== "opaque");
  return found[found.length - 1] ?? null;
}

/**
 * A regular file's bytes as one layer stores them, streamed out of a fresh `docker save` (never
 * buffered). 404 when the layer does not hold the path (it may be in another layer: the union
 * view says which); 400 for a directory or a symlink.
 *
 * @example const { stream, size, name } = await openLayerFile({ ref: "seed/web:1", index: 2, path: "/www/version" });
 */
export async function openLayerFile({
  ref,
  index,
  path,
}: {
  ref: string;
  index: number;
  path: string;
}): Promise<{ stream: Readable; size: number; name: string }> {
  const analysis = await analyseImage({ ref });
  const layer = layerOf(analysis, index, ref);
  const store = getLayerStore();
  const stored = await store.storedLayer(layer.diffId);
  const missing = () => new AppError("not_found:path", `Layer ${index} of ${ref} does not hold ${path}.`);
  let entry = stored ? contentEntryAt(await store.entriesAt(stored.id, path)) : null;
  if (!stored || !entry) throw missing();
  // A hard link's bytes are stored once, at its target, in the same layer.
  if (entry.type === "hardlink" && entry.linkTarget) entry = contentEntryAt(await store.entriesAt(stored.id, entry.linkTarget));
  if (!entry) throw missing();
  if (entry.type !== "file") {
    const what =
      entry.type === "dir" ? "a directory" : entry.type === "symlink" ? `a symlink to ${entry.linkTarget}` : "not a regular file";
    throw new BadRequestError("path", `${path} in layer ${index} of ${ref} is ${what}; only a regular file has bytes to download.`);
  }
  const aliases = await store.aliasesOf(layer.diffId);
  const stream = await openFileInArchive({
    open: () => saveImageFromEngine(analysis.imageId),
    isLayer: ({ v1Id, blobDigest }) =>
      blobDigest === layer.diffId ||
      (v1Id !== null && aliases.has(`v1:${v1Id}`)) ||
      (blobDigest !== null && aliases.has(`blob:${blobDigest}`)),
    path: entry.path,
    zstd: createZstdDecompress,
  });
  if (!stream) throw missing();
  return { stream, size: entry.size, name: baseName(path) };
}

/** What a container sees with layers 0..`top` of the analysed image, folded from the store one layer at a time. */
async function unionAt(analysis: LayerAnalysis, top: number): Promise<UnionFs> {
  const store = getLayerStore();
  const union = new UnionFs();
  for (const layer of analysis.layers.slice(0, top + 1)) {
    const stored = await store.storedLayer(layer.diffId);
    union.apply(stored ? await readLayerEntries(store, stored.id) : []);
  }
  return union;
}

async function sideOf(analysis: LayerAnalysis, layer: number | undefined): Promise<{ union: UnionFs; side: CompareSide }> {
  const top = analysis.layers.length - 1;
  const index = layer ?? top;
  return {
    union: await unionAt(analysis, index),
    side: {
      imageId: analysis.imageId,
      repoTags: analysis.repoTags,
      layer: index,
      top: index === top,
      layers: analysis.layers.map(({ index: at, instruction, size }) => ({ index: at, instruction, size })),
    },
  };
}

/**
 * Files added, removed and changed (by content hash, type or link target) from image `a` to image
 * `b`, as their containers see them; each image is analysed first if it has not been. With
 * `aLayer` / `bLayer`, a side is what a container sees at that layer (the layers up to it), so two
 * layers of one image compare too: layer i-1 against layer i is what step i changed, by content.
 *
 * @example (await compareImages({ a: "seed/web:1", b: "seed/web:2" })).changed // [{ path: "/www/version", sizeA: 3, sizeB: 23, … }]
 * @example await compareImages({ a: "seed/fat:1", aLayer: 1, b: "seed/fat:1", bLayer: 2 }) // added: [{ path: "/data/big.bin", … }]
 */
export async function compareImages({
  a,
  aLayer,
  b,
  bLayer,
}: {
  a: string;
  aLayer?: number;
  b: string;
  bLayer?: number;
}): Promise<ImageComparison> {
  const left = await analyseImage({ ref: a });
  const right = await analyseImage({ ref: b });
  // Both indexes are checked before either union is built.
  if (aLayer !== undefined) layerOf(left, aLayer, a);
  if (bLayer !== undefined) layerOf(right, bLayer, b);
  const before = await sideOf(left, aLayer);
  const after = await sideOf(right, bLayer);
  return { a: before.side, b: after.side, ...compareUnions(before.union, after.union) };
}

import type { ListedImage } from "@/lib/docker/types";
import type { ImageList, ImageQuery, ImageSummary } from "@/lib/images/types";
import { indexLayerUsers, sharedAndUniqueSize, type ImageLayers } from "@/lib/layers/sharing";

/** The engine writes `<none>:<none>` / `<none>@<none>` for what is simply absent. */
export function cleanReferences(references: readonly string[] | null | undefined): string[] {
  return (references ?? []).filter((reference) => !reference.startsWith("<none>"));
}

export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

/**
 * The images list with sharing and totals, from one list call, one container list and the
 * per-image layer records.
 *
 * @example buildImageList({ images, layers, containerCounts: new Map([["sha256:..", 2]]) }).totals.unusedCount
 */
export function buildImageList({
  images,
  layers,
  containerCounts,
}: {
  images: readonly ListedImage[];
  layers: ReadonlyMap<string, ImageLayers>;
  containerCounts: ReadonlyMap<string, number>;
}): ImageList {
  const present = images.filter((image) => layers.has(image.id));
  const users = indexLayerUsers(present.map((image) => layers.get(image.id)!));

  const summaries: ImageSummary[] = present.map((image) => {
    const record = layers.get(image.id)!;
    const repoTags = cleanReferences(image.repoTags);
    return {
      id: image.id,
      shortId: shortImageId(image.id),
      repoTags,
      repoDigests: cleanReferences(image.repoDigests),
      created: new Date(image.created * 1000).toISOString(),
      size: image.size,
      ...sharedAndUniqueSize(record, users),
      layerCount: record.chainIds.length,
      containers: containerCounts.get(image.id) ?? 0,
      dangling: repoTags.length === 0,
    };
  });

  const byId = new Map(summaries.map((summary) => [summary.id, summary]));
  const layerSize = new Map<string, number>();
  for (const image of present) {
    const record = layers.get(image.id)!;
    record.chainIds.forEach((chainId, index) => layerSize.set(chainId, record.layerSizes[index] ?? 0));
  }
  // Bytes freed by removing a set of images: the layers no image outside the set uses.
  const freedBy = (inSet: (summary: ImageSummary) => boolean): number => {
    let bytes = 0;
    for (const [chainId, imageIds] of users) {
      if (imageIds.every((id) => inSet(byId.get(id)!))) bytes += layerSize.get(chainId) ?? 0;
    }
    return bytes;
  };
  const isUnused = (summary: ImageSummary) => summary.containers === 0;
  const isPrunableDangling = (summary: ImageSummary) => summary.dangling && summary.containers === 0;

  return {
    images: summaries,
    totals: {
      count: summaries.length,
      totalSize: [...layerSize.values()].reduce((sum, size) => sum + size, 0),
      unusedSize: freedBy(isUnused),
      unusedCount: summaries.filter(isUnused).length,
      danglingSize: freedBy(isPrunableDangling),
      danglingCount: summaries.filter((summary) => summary.dangling).length,
    },
  };
}

function displayName(image: ImageSummary): string {
  return image.repoTags[0] ?? "<none>:<none>";
}

/**
 * Filters and sorts the list the way the images page and `GET /api/images` both do.
 * Text search matches any reference (tag or digest) or the ID, case-insensitively.
 *
 * @example queryImages(list.images, { filter: "unused", sort: "size" })
 */
export function queryImages(images: readonly ImageSummary[], query: ImageQuery): ImageSummary[] {
  const needle = query.q?.trim().toLowerCase() ?? "";
  const filtered = images.filter((image) => {
    switch (query.filter ?? "all") {
      case "dangling":
        if (!image.dangling) return false;
        break;
      case "in-use":
        if (image.containers === 0) return false;
        break;
      case "unused":
        if (image.containers > 0) return false;
        break;
    }
    if (!needle) return true;
    return (
      image.id.includes(needle) ||
      image.repoTags.some((tag) => tag.toLowerCase().includes(needle)) ||
      image.repoDigests.some((digest) => digest.toLowerCase().includes(needle))
    );
  });
  const sort = query.sort ?? "created";
  const direction = (query.order ?? (sort === "name" ? "asc" : "desc")) === "asc" ? 1 : -1;
  const compare = (a: ImageSummary, b: ImageSummary): number => {
    switch (sort) {
      case "size":
        return a.size - b.size;
      case "unique":
        return a.uniqueSize - b.uniqueSize;
      case "name": {
        // Dangling images sort after named ones whichever way the names go.
        if (a.dangling !== b.dangling) return (a.dangling ? 1 : -1) * direction;
        return displayName(a).localeCompare(displayName(b));
      }
      default:
        return a.created.localeCompare(b.created);
    }
  };
  return filtered.sort((a, b) => compare(a, b) * direction || a.id.localeCompare(b.id));
}

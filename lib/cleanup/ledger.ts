import type { PlannerContainer, PlannerImage } from "@/lib/cleanup/types";
import { indexLayerUsers, type ImageLayers } from "@/lib/layers/sharing";

/**
 * Who holds each stored layer (by chain ID): the listed images that stack it and the containers
 * whose image stacks it (a container keeps its image's layers even after the image is
 * force-removed, and it may run an intermediate build image the list does not show).
 */
export type LayerLedger = {
  /** Bytes of each stored layer, by chain ID. */
  sizes: ReadonlyMap<string, number>;
  /** Chain IDs each listed image stacks. */
  chainsOfImage: ReadonlyMap<string, readonly string[]>;
  /** Which images (listed) and containers hold each chain ID. */
  imageHolders: ReadonlyMap<string, readonly string[]>;
  containerHolders: ReadonlyMap<string, readonly string[]>;
  sizeRw: ReadonlyMap<string, number>;
};

/**
 * Indexes the layers of `images` (the list) and of the images `containers` run; `otherLayers`
 * gives the layers of container images not in the list (intermediate build images).
 *
 * @example const ledger = buildLayerLedger({ images, containers, otherLayers: new Map() });
 */
export function buildLayerLedger({
  images,
  containers,
  otherLayers,
}: {
  images: readonly PlannerImage[];
  containers: readonly PlannerContainer[];
  otherLayers: ReadonlyMap<string, Pick<ImageLayers, "chainIds" | "layerSizes">>;
}): LayerLedger {
  const sizes = new Map<string, number>();
  const byId = new Map<string, Pick<ImageLayers, "chainIds" | "layerSizes">>(otherLayers);
  for (const image of images) byId.set(image.id, image);
  for (const layers of byId.values()) layers.chainIds.forEach((chainId, index) => sizes.set(chainId, layers.layerSizes[index] ?? 0));

  const imageHolders = indexLayerUsers(
    images.map((image) => ({ imageId: image.id, chainIds: image.chainIds, layerSizes: image.layerSizes })),
  );
  const containerHolders = new Map<string, string[]>();
  for (const container of containers) {
    for (const chainId of new Set(byId.get(container.imageId)?.chainIds ?? [])) {
      const list = containerHolders.get(chainId);
      if (list) list.push(container.id);
      else containerHolders.set(chainId, [container.id]);
    }
  }
  return {
    sizes,
    chainsOfImage: new Map(images.map((image) => [image.id, [...new Set(image.chainIds)]])),
    imageHolders,
    containerHolders,
    sizeRw: new Map(containers.map((container) => [container.id, container.sizeRw])),
  };
}

/**
 * The bytes removing these images and containers frees: every layer (by chain ID) a removed image
 * stacks and nothing that stays holds, each counted once, plus the removed containers' writable
 * layers. This is the figure `docker system df`'s "reclaimable" gets wrong (docker/cli#1751): it
 * ignores layers shared with images that stay.
 *
 * @example freedBytes(ledger, { images: new Set(["sha256:a", "sha256:b"]), containers: new Set() })
 */
export function freedBytes(ledger: LayerLedger, removed: { images: ReadonlySet<string>; containers: ReadonlySet<string> }): number {
  let bytes = 0;
  for (const chainId of freedChains(ledger, removed)) bytes += ledger.sizes.get(chainId) ?? 0;
  for (const containerId of removed.containers) bytes += ledger.sizeRw.get(containerId) ?? 0;
  return bytes;
}

/** The layers (chain IDs) a removed image stacks and nothing that stays holds. */
export function freedChains(ledger: LayerLedger, removed: { images: ReadonlySet<string>; containers: ReadonlySet<string> }): Set<string> {
  const freed = new Set<string>();
  const seen = new Set<string>();
  for (const imageId of removed.images) {
    for (const chainId of ledger.chainsOfImage.get(imageId) ?? []) {
      if (seen.has(chainId)) continue;
      seen.add(chainId);
      const heldByImage = (ledger.imageHolders.get(chainId) ?? []).some((id) => !removed.images.has(id));
      const heldByContainer = (ledger.containerHolders.get(chainId) ?? []).some((id) => !removed.containers.has(id));
      if (!heldByImage && !heldByContainer) freed.add(chainId);
    }
  }
  return freed;
}

/**
 * Bytes of all listed images' layers, each counted once, split into layers one image alone stacks
 * and layers several stack.
 */
export function imageLayerTotals(ledger: LayerLedger): { totalBytes: number; uniqueBytes: number; sharedBytes: number } {
  let uniqueBytes = 0;
  let sharedBytes = 0;
  for (const [chainId, holders] of ledger.imageHolders) {
    const size = ledger.sizes.get(chainId) ?? 0;
    if (holders.length > 1) sharedBytes += size;
    else uniqueBytes += size;
  }
  return { totalBytes: uniqueBytes + sharedBytes, uniqueBytes, sharedBytes };
}

/**
 * Layer sharing across local images: the union filesystem stores each layer (by chain ID) once,
 * however many images stack it. An image's shared size is the bytes of its layers that at least
 * one other image also uses (Docker's own SharedSize); the rest is unique to it and is what
 * removing it would free.
 */

export type ImageLayers = {
  imageId: string;
  /** Chain IDs, base first. */
  chainIds: readonly string[];
  /** Bytes of each layer, same order. */
  layerSizes: readonly number[];
};

export type LayerUsers = Map<string, string[]>;

/**
 * Which images use each layer (by chain ID).
 *
 * @example indexLayerUsers([{ imageId: "a", chainIds: ["c1"], layerSizes: [1] }]).get("c1") // ["a"]
 */
export function indexLayerUsers(images: Iterable<ImageLayers>): LayerUsers {
  const users: LayerUsers = new Map();
  for (const image of images) {
    for (const chainId of new Set(image.chainIds)) {
      const list = users.get(chainId);
      if (list) list.push(image.imageId);
      else users.set(chainId, [image.imageId]);
    }
  }
  return users;
}

/**
 * Shared and unique bytes of one image, given who uses each layer.
 *
 * @example sharedAndUniqueSize(img, users) // { sharedSize: 2048, uniqueSize: 52428800 }
 */
export function sharedAndUniqueSize(image: ImageLayers, users: LayerUsers): { sharedSize: number; uniqueSize: number } {
  let sharedSize = 0;
  let uniqueSize = 0;
  image.chainIds.forEach((chainId, index) => {
    const size = image.layerSizes[index] ?? 0;
    if ((users.get(chainId)?.length ?? 0) > 1) sharedSize += size;
    else uniqueSize += size;
  });
  return { sharedSize, uniqueSize };
}

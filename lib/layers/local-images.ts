import "server-only";
import pLimit from "p-limit";
import { inspectImage } from "@/lib/docker/images";
import { getEngineSnapshot } from "@/lib/docker/snapshot";
import { isAppError } from "@/lib/errors";
import type { CandidateImage } from "@/lib/layers/base-image";

// An image ID is the digest of its config, so its layers never change: one inspect per ID per process.
const diffIdsById = new Map<string, Promise<string[] | null>>();
const limit = pLimit(8);

function diffIdsOf(id: string): Promise<string[] | null> {
  let known = diffIdsById.get(id);
  if (!known) {
    known = limit(async () => {
      try {
        return (await inspectImage(id)).RootFS?.Layers ?? [];
      } catch (error) {
        // Removed since the list was read.
        if (isAppError(error) && error.type === "not_found") return null;
        throw error;
      }
    });
    diffIdsById.set(id, known);
    known.catch(() => diffIdsById.delete(id));
  }
  return known;
}

/**
 * The tagged local images that could be the base of an image of `size` bytes (a base is never
 * bigger than the image built on it), with their layers.
 *
 * @example const others = await listBaseCandidates({ excludeId: image.Id, size: image.Size });
 */
export async function listBaseCandidates({ excludeId, size }: { excludeId: string; size: number }): Promise<CandidateImage[]> {
  const { images } = await getEngineSnapshot();
  // Docker 20.10 lists a dangling image's tags as ["<none>:<none>"].
  const tagged = images.map((image) => ({ ...image, repoTags: image.repoTags.filter((tag) => tag !== "<none>:<none>") }));
  const candidates = tagged.filter((image) => image.id !== excludeId && image.repoTags.length > 0 && image.size <= size);
  const layers = await Promise.all(candidates.map((image) => diffIdsOf(image.id)));
  return candidates.flatMap((image, index) => {
    const diffIds = layers[index];
    return diffIds ? [{ id: image.id, repoTags: image.repoTags, diffIds }] : [];
  });
}

/**
 * The base image of an image: the longest stack of bottom layers that another local image
 * consists of entirely (its diff IDs are a proper prefix of this image's). The waste those layers
 * hide among themselves is the base image's, not the user's (dive counts every layer but 0 as the
 * user's). Only tagged images count: an untagged one is usually an older build of the same
 * Dockerfile, not something a Dockerfile names in `FROM`.
 */

export type CandidateImage = { id: string; repoTags: readonly string[]; diffIds: readonly string[] };

export type BaseImage = {
  /** How many bottom layers belong to the base image. */
  layers: number;
  /** The local image those layers are, or null when none was found (then the base is layer 0 alone). */
  image: { id: string; repoTags: string[] } | null;
};

/**
 * @example
 * findBaseImage({ diffIds: ["sha256:a", "sha256:b", "sha256:c"], others: [{ id: "x", repoTags: ["local/busybox:1"], diffIds: ["sha256:a"] }] })
 * // { layers: 1, image: { id: "x", repoTags: ["local/busybox:1"] } }
 */
export function findBaseImage({ diffIds, others }: { diffIds: readonly string[]; others: readonly CandidateImage[] }): BaseImage {
  let best: CandidateImage | null = null;
  for (const other of others) {
    const length = other.diffIds.length;
    if (length === 0 || length >= diffIds.length || other.repoTags.length === 0) continue;
    if (best && length <= best.diffIds.length) continue;
    if (other.diffIds.every((diffId, index) => diffIds[index] === diffId)) best = other;
  }
  if (best) return { layers: best.diffIds.length, image: { id: best.id, repoTags: [...best.repoTags] } };
  return { layers: diffIds.length > 1 ? 1 : 0, image: null };
}

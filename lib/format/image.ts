/**
 * The first 12 hex digits of a digest or ID, as the docker CLI shows them.
 *
 * @example shortDigest("sha256:f49db0cca3381dba1ddb78ba10cea857bb9343afa76e978a1e0d77fb1340afb7") // "f49db0cca338"
 */
export function shortDigest(digest: string): string {
  return digest.replace(/^[a-z0-9]+:/, "").slice(0, 12);
}

/** What the docker CLI prints for an image without any reference. */
export const UNTAGGED = "<none>:<none>";

/**
 * The reference to act on and to show for an image: its first tag, else its short ID (which the
 * CLI and the API both accept).
 *
 * @example primaryReference({ repoTags: ["seed/web:2", "seed/web:latest"], shortId: "712ef5a64f25" }) // "seed/web:2"
 * @example primaryReference({ repoTags: [], shortId: "712ef5a64f25" }) // "712ef5a64f25"
 */
export function primaryReference(image: { repoTags: readonly string[]; shortId: string }): string {
  return image.repoTags[0] ?? image.shortId;
}

/**
 * The detail page's path for an image ID or reference; the reference is one path segment, so its
 * "/" and ":" are encoded. A name without a tag gets Docker's implied `:latest`, so no image's path
 * is ever a bare word that a page beside the detail page owns (an image named `compare` is at
 * `/images/compare%3Alatest`, not at the compare page `/images/compare`).
 *
 * @example imagePath("seed/fat:1") // "/images/seed%2Ffat%3A1"
 * @example imagePath("compare") // "/images/compare%3Alatest"
 */
export function imagePath(ref: string): string {
  const name = ref.slice(ref.lastIndexOf("/") + 1);
  const bare = !/^sha256:|^[a-f0-9]{4,64}$/.test(ref) && !ref.includes("@") && !name.includes(":");
  return `/images/${encodeURIComponent(bare ? `${ref}:latest` : ref)}`;
}

/**
 * A Dockerfile instruction split into its keyword and the rest, for highlighting.
 *
 * @example splitInstruction("RUN rm /data/big.bin", "RUN") // { keyword: "RUN", rest: " rm /data/big.bin" }
 * @example splitInstruction("", "IMPORT") // { keyword: "IMPORT", rest: "" }
 */
export function splitInstruction(instruction: string, keyword: string): { keyword: string; rest: string } {
  if (instruction.toUpperCase().startsWith(keyword.toUpperCase())) {
    return { keyword: instruction.slice(0, keyword.length), rest: instruction.slice(keyword.length) };
  }
  return { keyword: instruction === "" ? keyword : "", rest: instruction };
}

/**
 * Why a layer can hold 0 bytes yet exist: the union filesystem records directories and deletions
 * (whiteouts) as entries without content. Worded for the step that made it.
 *
 * @example zeroByteLayerReason("WORKDIR") // "a directory entry, no file bytes"
 * @example zeroByteLayerReason("RUN") // "no file bytes: e.g. a deletion recorded as a whiteout"
 */
export function zeroByteLayerReason(keyword: string): string {
  switch (keyword) {
    case "WORKDIR":
      return "a directory entry, no file bytes";
    case "RUN":
      return "no file bytes: e.g. a deletion recorded as a whiteout";
    default:
      return "no file bytes: only directory entries or whiteouts";
  }
}

import { createHash } from "node:crypto";

/**
 * The chain IDs of a rootfs: layer i's identity on disk is its diff ID *and* everything below it
 * (https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid). Two images
 * share a stored layer only when their chain IDs match, i.e. their layer stacks share a prefix.
 *
 * @example chainIds(["sha256:a"]) // ["sha256:a"]
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const chains: string[] = [];
  for (const diffId of diffIds) {
    const previous = chains[chains.length - 1];
    chains.push(previous === undefined ? diffId : `sha256:${createHash("sha256").update(`${previous} ${diffId}`).digest("hex")}`);
  }
  return chains;
}

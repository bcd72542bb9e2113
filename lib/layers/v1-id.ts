/**
 * The folder name (v1 ID) a layer gets in a legacy `docker save` archive (Docker ≤ 24) when it is
 * *not* the image's top layer. moby's image/tarexport/save.go names each layer with
 * `v1.CreateID(v1Img, chainID, parent)`: for every layer but the top one `v1Img` is an empty
 * V1Image created at the epoch, so the name depends only on the chain ID and the name of the
 * layer below — the same in every image that stacks these layers. The top layer's name hashes the
 * image's own config instead, so an image built `FROM` an analysed one names that image's top
 * layer differently; remembering this name as well lets the walk skip it (only the new layers are
 * parsed). CreateID hashes Go's json.Marshal of a map: keys in sorted order, compact.
 */
import { createHash } from "node:crypto";
import { chainIds } from "@/lib/layers/chain";

// container.Config of Docker 20.10 at its zero value, as json.Marshal writes it (fields with
// omitempty left out). Checked against real archives in lib/layers/v1-id.test.ts.
const EMPTY_CONTAINER_CONFIG =
  '{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null}';

/**
 * For each layer of a stack (base first), its v1 ID (hex) in an archive where it is not the top.
 *
 * @example nonTopV1Ids(["sha256:bdcb…"])[0] // "1b55f2ea…" (the folder of that base layer in any image above it)
 */
export function nonTopV1Ids(diffIds: readonly string[]): string[] {
  const ids: string[] = [];
  chainIds(diffIds).forEach((chainId, index) => {
    const parent = index > 0 ? `,"parent":"sha256:${ids[index - 1]}"` : "";
    const json = `{"container_config":${EMPTY_CONTAINER_CONFIG},"created":"1970-01-01T00:00:00Z","layer_id":"${chainId}"${parent}}`;
    ids.push(createHash("sha256").update(json).digest("hex"));
  });
  return ids;
}

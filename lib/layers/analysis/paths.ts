import type { LayerEntryType } from "@/lib/layers/analysis/types";

const WHITEOUT_PREFIX = ".wh.";
const OPAQUE_NAME = ".wh..wh..opq";

/**
 * A layer tar's entry name as an absolute path. Imported layers say `./bin/x`, built ones `bin/x`;
 * both become `/bin/x`. `.` segments and repeated or trailing slashes go; `..` is resolved but can
 * never climb above `/` (the engine refuses such entries when it unpacks a layer, so they cannot
 * be in a container's view either). The root itself is `/`.
 *
 * @example normalizeLayerPath("./bin/x") // "/bin/x"
 * @example normalizeLayerPath("usr/lib/") // "/usr/lib"
 */
export function normalizeLayerPath(name: string): string {
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** Parent directory of a normalised path (`/` for top-level paths and for `/` itself). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}

/** Last segment of a normalised path ("" for `/`). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The segments of a normalised path: `/a/b` → `["a", "b"]`, `/` → `[]`. */
export function pathSegments(path: string): string[] {
  return path === "/" ? [] : path.slice(1).split("/");
}

/** True when `path` is `dir` itself or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  return dir === "/" || path === dir || path.startsWith(`${dir}/`);
}

/**
 * Reads a normalised entry path as an overlay marker: `.wh.NAME` deletes `NAME` in the same
 * directory, `.wh..wh..opq` makes its directory opaque. Other `.wh..wh.` names are aufs
 * bookkeeping (hard-link directories) that no container sees; they are `ignore`d.
 *
 * @example whiteoutOf("/data/.wh.big.bin") // { type: "whiteout", path: "/data/big.bin" }
 * @example whiteoutOf("/var/.wh..wh..opq") // { type: "opaque", path: "/var" }
 */
export function whiteoutOf(path: string): { type: Extract<LayerEntryType, "whiteout" | "opaque">; path: string } | "ignore" | null {
  const name = baseName(path);
  if (!name.startsWith(WHITEOUT_PREFIX)) return null;
  const dir = parentPath(path);
  if (name === OPAQUE_NAME) return { type: "opaque", path: dir };
  if (name.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return "ignore";
  const target = name.slice(WHITEOUT_PREFIX.length);
  return { type: "whiteout", path: dir === "/" ? `/${target}` : `${dir}/${target}` };
}

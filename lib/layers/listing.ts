/**
 * One directory level of an image at a layer, read from the store without building the whole
 * union: what a directory shows at layer L depends only on the entries *at* the directory and its
 * ancestors (a whiteout, an opaque marker or a non-directory there removes it) and the entries
 * *directly inside* it — plus, for hard links, their targets. Those rows are fetched per layer
 * through the (layerId, parent, name) index and replayed with the same UnionFs the analysis uses,
 * so the marks (added / changed / deleted) are the analysis' own. Cost: the size of the directory
 * times the number of layers, whatever the size of the image.
 */
import { baseName, pathSegments } from "@/lib/layers/analysis/paths";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { listLayerDirectory, listUnionDirectory, UnionFs, type DirectoryEntry, type LayerDiff } from "@/lib/layers/analysis/union";
import type { LayerStore, StoredEntry } from "@/lib/layers/store";
import type { LayerFileView } from "@/lib/layers/types";

/** A name no tar entry can have: stands for "something below" an implicit directory. */
const BELOW = "\u0000";

/** `(parent, name)` pairs from the root down to `path` itself. */
function chainOf(path: string): { parent: string; name: string }[] {
  let current = "";
  return pathSegments(path).map((segment) => {
    const pair = { parent: current === "" ? "/" : current, name: segment };
    current += `/${segment}`;
    return pair;
  });
}

async function rowsFor(
  store: LayerStore,
  layerId: number,
  path: string,
  chain: readonly { parent: string; name: string }[],
): Promise<StoredEntry[]> {
  // One round trip per ancestor and one for the children, all at once (PostgreSQL answers them in parallel).
  const [children, ...ancestors] = await Promise.all([
    store.childrenOf(layerId, path),
    ...chain.map(({ parent, name }) => store.entriesAt(layerId, parent === "/" ? `/${name}` : `${parent}/${name}`)),
  ]);
  const rows: StoredEntry[] = [];
  // Implicit rows on the chain are implied again by the rows below them.
  for (const found of ancestors) for (const row of found) if (!row.implicit) rows.push(row);
  rows.push(...children!);
  return rows;
}

function byPosition(rows: StoredEntry[]): StoredEntry[] {
  const seen = new Set<number>();
  return rows.filter((row) => !seen.has(row.position) && seen.add(row.position)).sort((a, b) => a.position - b.position);
}

/** Replays rows into UnionFs: an implicit child directory becomes an entry below it, so it is implied the same way. */
function replayable(rows: readonly StoredEntry[]): LayerEntry[] {
  return rows.map((row) => (row.implicit ? { ...row, path: `${row.path}/${BELOW}`, type: "dir" } : row));
}

/**
 * The directory `path` at layer `layer` of a stack (`layerIds`: the stored layers, base first;
 * null for a layer the store could not read). `view: "layer"` lists what that layer's tar holds
 * there (deletions included), `"union"` what a container sees. Null when `path` is not a
 * directory at that layer.
 *
 * @example await listDirectoryAt({ store, layerIds, layer: 2, path: "/data", view: "layer" })
 * // [{ name: "big.bin", path: "/data/big.bin", type: "file", size: 52428800, change: "deleted", … }]
 */
export async function listDirectoryAt({
  store,
  layerIds,
  layer,
  path,
  view,
}: {
  store: LayerStore;
  layerIds: readonly (number | null)[];
  layer: number;
  path: string;
  view: LayerFileView;
}): Promise<DirectoryEntry[] | null> {
  const chain = chainOf(path);
  const perLayer: StoredEntry[][] = await Promise.all(
    layerIds.slice(0, layer + 1).map((id) => (id === null ? [] : rowsFor(store, id, path, chain))),
  );
  // Hard links inside the directory share their target's content: fetch the targets too, from
  // every layer, so sizes and "changed" marks are right.
  const targets = new Set<string>();
  for (const rows of perLayer) for (const row of rows) if (row.type === "hardlink" && row.linkTarget) targets.add(row.linkTarget);
  if (targets.size > 0) {
    await Promise.all(
      layerIds.slice(0, layer + 1).map(async (id, index) => {
        if (id === null) return;
        for (const found of await Promise.all([...targets].map((target) => store.entriesAt(id, target)))) perLayer[index]!.push(...found);
      }),
    );
  }

  const union = new UnionFs();
  let diff: LayerDiff | null = null;
  let top: LayerEntry[] = [];
  for (const rows of perLayer) {
    top = replayable(byPosition(rows));
    diff = union.apply(top);
  }
  if (!diff) return null;
  const isDir = path === "/" || union.lookup(path)?.type === "dir";
  let rows: DirectoryEntry[];
  if (view === "union") {
    if (!isDir) return null;
    rows = cleaned(listUnionDirectory({ union, diff, path }))!;
  } else {
    rows = listLayerDirectory({ entries: top, diff, path }).filter((row) => baseName(row.path) !== BELOW);
    // The layer that deletes a directory lists nothing in it, but the path is still a fair question.
    const deletedHere = diff.changes.some((change) => change.path === path && change.change === "deleted");
    if (!isDir && rows.length === 0 && !deletedHere) return null;
  }
  // A deleted directory's row carries the bytes that left the view with it: the rows above only
  // reach one level down, so its subtree is replayed on its own (deleting a tree is rare).
  for (const row of rows) {
    if (row.change === "deleted" && row.type === "dir")
      row.size = await subtreeBytes({ store, layerIds: layerIds.slice(0, layer), dir: row.path });
  }
  return rows;
}

/** Regular files' content bytes a container sees under `dir` on top of `layerIds`. */
async function subtreeBytes({
  store,
  layerIds,
  dir,
}: {
  store: LayerStore;
  layerIds: readonly (number | null)[];
  dir: string;
}): Promise<number> {
  const chain = chainOf(dir);
  const union = new UnionFs();
  for (const id of layerIds) {
    const rows = id === null ? [] : [...(await rowsFor(store, id, dir, chain)), ...(await store.descendantsOf(id, dir))];
    for (const row of [...rows]) if (row.type === "hardlink" && row.linkTarget) rows.push(...(await store.entriesAt(id!, row.linkTarget)));
    union.apply(replayable(byPosition(rows)));
  }
  let bytes = 0;
  for (const entry of union.walk(dir)) if (entry.type === "file") bytes += entry.size;
  return bytes;
}

function cleaned(rows: DirectoryEntry[] | null): DirectoryEntry[] | null {
  return rows && rows.filter((row) => baseName(row.path) !== BELOW);
}

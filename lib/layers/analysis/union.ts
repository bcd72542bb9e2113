/**
 * The union view: what a container of the image sees, built by laying the layers on top of each
 * other the way overlayfs does. Pure code over plain data (the walker's `LayerEntry` lists).
 *
 * Rules applied per layer (https://github.com/opencontainers/image-spec/blob/main/layer.md):
 * - the layer's whiteouts and opaque markers act on the layers *below* it, so they are applied
 *   first; then the layer's entries in tar order (a path written twice: the later one wins);
 * - a whiteout removes the path and everything under it; an opaque marker removes everything the
 *   lower layers had under the directory (the layer's own entries there stay);
 * - a directory written over a directory merges (the new metadata, the old children); anything
 *   else written over a path replaces it, a directory's whole subtree included;
 * - a parent a layer does not name is an implicit directory; a non-directory in its way is replaced
 *   (symlinked parents are not followed: the engine's layer diffs never go through them);
 * - a hard link shares its target's stored content (the target is looked up in the same layer
 *   first, as tar links always point backwards, then in the union below).
 *
 * Every stored regular file is a *version* (layer, path). A version stays visible while any path
 * still leads to it (its own, or a hard link to it); when the last one goes, the layer that made
 * it go is recorded: that is what waste is counted from (see waste.ts).
 */
import { baseName, parentPath, pathSegments } from "@/lib/layers/analysis/paths";
import type { ChangeKind, EntryType, LayerEntries, LayerEntry, WasteReason } from "@/lib/layers/analysis/types";

/** A path as a container sees it. `layer` is the layer that wrote its current entry. */
export type UnionEntry = {
  path: string;
  type: EntryType;
  /** Content bytes (a hard link reports its target's). */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkTarget: string | null;
  hash: string | null;
  layer: number;
  /** A parent directory that no layer wrote an entry for (no metadata). */
  implicit: boolean;
};

/** One stored copy of a regular file's content. */
export type FileVersion = { id: number; layer: number; path: string; size: number; hash: string | null };

/** A file version that no path shows any more, and what took the last path away. */
export type HiddenVersion = {
  version: FileVersion;
  hiddenBy: number;
  reason: WasteReason;
  /** The replacing entry has the same content: only metadata changed (`chmod`, `chown`, `touch`). */
  sameContent: boolean;
};

/** What differs between the entry below and the one a layer wrote. */
export type ChangedField = "type" | "content" | "linkTarget" | "mode" | "owner";

/**
 * A path a layer wrote or removed. `change` is null when the layer rewrote the path without any
 * visible difference (same content and metadata: only the mtime can have changed, or a parent
 * directory the tar repeats).
 */
export type PathChange = {
  path: string;
  change: ChangeKind | null;
  type: EntryType;
  /** For a file its size; for a deletion the regular-file bytes that left the view under it. */
  size: number;
  fields: ChangedField[];
};

/** What one layer did to the union. */
export type LayerDiff = {
  index: number;
  /** Every path the layer wrote or removed, in path order. */
  changes: PathChange[];
  counts: { added: number; changed: number; deleted: number };
  hidden: HiddenVersion[];
  /** Regular files' content bytes stored in this layer. */
  storedBytes: number;
};

type Version = FileVersion & { refs: number };
type Node = { entry: UnionEntry; version: Version | null; children: Map<string, Node> | null };

/**
 * The union filesystem of the layers applied so far.
 *
 * @example
 * const union = new UnionFs();
 * union.apply([{ path: "/a", type: "file", size: 1, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: "x" }]);
 * union.apply([{ path: "/a", type: "whiteout", size: 0, mode: 0, uid: 0, gid: 0, linkTarget: null, hash: null }]);
 * union.lookup("/a"); // null
 */
export class UnionFs {
  private readonly root: Node = { entry: implicitDir("/", -1), version: null, children: new Map() };
  private applied = 0;
  private nextVersion = 0;
  /** Implicit directories the layer being applied created (they are "added" too). */
  private createdDirs: string[] = [];

  /** Number of layers applied; the next `apply` is layer `layerCount`. */
  get layerCount(): number {
    return this.applied;
  }

  /**
   * Lays the next layer on top and reports what it changed. With `listChanges: false` the diff's
   * `changes` stay empty (its counts and hidden versions are complete): what the waste fold needs,
   * without sorting a list as long as the layer only to drop it.
   */
  apply(entries: LayerEntries, { listChanges = true }: { listChanges?: boolean } = {}): LayerDiff {
    const index = this.applied++;
    const hidden: HiddenVersion[] = [];
    const marks = new Map<string, PathChange>();
    const writes: LayerEntry[] = [];
    const whiteouts: string[] = [];
    const opaques: string[] = [];
    for (const entry of entries) {
      if (entry.type === "whiteout") whiteouts.push(entry.path);
      else if (entry.type === "opaque") opaques.push(entry.path);
      else if (entry.path !== "/") writes.push(entry);
    }

    // What the paths showed before this layer, to tell added from changed.
    const before = new Map<string, UnionEntry | null>();
    for (const entry of writes) if (!before.has(entry.path)) before.set(entry.path, this.lookup(entry.path));

    for (const path of whiteouts) {
      const removed = this.removePath(path, index, "deleted", hidden);
      if (removed) marks.set(path, deletion(removed.entry, removed.bytes));
    }
    for (const path of opaques) {
      const dir = this.nodeAt(path);
      if (!dir?.children) continue;
      for (const child of dir.children.values()) {
        const bytes = this.removeNode(child, index, "opaque", false, hidden);
        marks.set(child.entry.path, deletion(child.entry, bytes));
      }
      dir.children.clear();
    }

    let storedBytes = 0;
    this.createdDirs = [];
    const layerFiles = new Map<string, Version>();
    for (const entry of writes) {
      if (entry.type === "file") storedBytes += entry.size;
      this.write(entry, index, hidden, layerFiles);
    }
    for (const [path, previous] of before) {
      const now = this.lookup(path);
      if (!now) continue; // replaced again later in the same layer by something under another name
      if (previous === null) marks.set(path, { path, change: "added", type: now.type, size: now.size, fields: [] });
      else {
        const fields = differences(previous, now);
        marks.set(path, { path, change: fields.length > 0 ? "changed" : null, type: now.type, size: now.size, fields });
      }
    }

    for (const path of this.createdDirs) {
      if (!before.has(path) && this.lookup(path)?.implicit) marks.set(path, { path, change: "added", type: "dir", size: 0, fields: [] });
    }

    const counts = { added: 0, changed: 0, deleted: 0 };
    for (const change of marks.values()) if (change.change) counts[change.change] += 1;
    const changes = listChanges ? [...marks.values()].sort((a, b) => comparePaths(a.path, b.path)) : [];
    return { index, changes, counts, hidden, storedBytes };
  }

  /** The entry a container sees at `path`, or null. */
  lookup(path: string): UnionEntry | null {
    return this.nodeAt(path)?.entry ?? null;
  }

  /** The entries directly inside a directory, by name; null when `path` is not a directory. */
  list(path: string): UnionEntry[] | null {
    const node = this.nodeAt(path);
    if (!node?.children) return null;
    return [...node.children.values()].map((child) => child.entry).sort((a, b) => comparePaths(a.path, b.path));
  }

  /** Every visible path below the root, depth first in name order. */
  *walk(from = "/"): Generator<UnionEntry> {
    const start = this.nodeAt(from);
    if (!start) return;
    const stack: Node[] = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node !== this.root) yield node.entry;
      if (node.children) {
        const children = [...node.children.values()].sort((a, b) => comparePaths(b.entry.path, a.entry.path));
        stack.push(...children);
      }
    }
  }

  private nodeAt(path: string): Node | null {
    let node: Node | undefined = this.root;
    for (const segment of pathSegments(path)) {
      node = node.children?.get(segment);
      if (!node) return null;
    }
    return node;
  }

  private write(entry: LayerEntry, index: number, hidden: HiddenVersion[], layerFiles: Map<string, Version>): void {
    const parent = this.ensureDir(parentPath(entry.path), index, hidden);
    const name = baseName(entry.path);
    const existing = parent.children!.get(name);
    const type = entry.type as EntryType;
    const union: UnionEntry = {
      path: entry.path,
      type,
      size: type === "file" ? entry.size : 0,
      mode: entry.mode,
      uid: entry.uid,
      gid: entry.gid,
      linkTarget: entry.linkTarget,
      hash: type === "file" ? entry.hash : null,
      layer: index,
      implicit: false,
    };

    if (type === "dir") {
      if (existing?.children) {
        existing.entry = union;
        return;
      }
      if (existing) this.removeNode(existing, index, "overwritten", false, hidden);
      parent.children!.set(name, { entry: union, version: null, children: new Map() });
      return;
    }

    let version: Version | null = null;
    if (type === "file") {
      version = { id: this.nextVersion++, layer: index, path: entry.path, size: entry.size, hash: entry.hash, refs: 1 };
      layerFiles.set(entry.path, version);
    } else if (type === "hardlink" && entry.linkTarget !== null) {
      version = layerFiles.get(entry.linkTarget) ?? this.nodeAt(entry.linkTarget)?.version ?? null;
      if (version) {
        version.refs += 1;
        union.size = version.size;
        union.hash = version.hash;
      }
    }
    if (existing) {
      const same = version !== null && existing.version !== null && version.hash !== null && version.hash === existing.version.hash;
      this.removeNode(existing, index, "overwritten", same, hidden);
    }
    parent.children!.set(name, { entry: union, version, children: null });
  }

  /** The directory node at `path`, creating implicit directories and replacing what is in the way. */
  private ensureDir(path: string, index: number, hidden: HiddenVersion[]): Node {
    let node = this.root;
    let current = "";
    for (const segment of pathSegments(path)) {
      current += `/${segment}`;
      let child = node.children!.get(segment);
      if (child && !child.children) {
        this.removeNode(child, index, "overwritten", false, hidden);
        child = undefined;
      }
      if (!child) {
        child = { entry: implicitDir(current, index), version: null, children: new Map() };
        node.children!.set(segment, child);
        this.createdDirs.push(current);
      }
      node = child;
    }
    return node;
  }

  private removePath(
    path: string,
    index: number,
    reason: WasteReason,
    hidden: HiddenVersion[],
  ): { entry: UnionEntry; bytes: number } | null {
    if (path === "/") return null;
    const parent = this.nodeAt(parentPath(path));
    const node = parent?.children?.get(baseName(path));
    if (!parent || !node) return null;
    const bytes = this.removeNode(node, index, reason, false, hidden);
    parent.children!.delete(baseName(path));
    return { entry: node.entry, bytes };
  }

  /** Drops a subtree's references to file versions; returns its regular files' bytes. */
  private removeNode(node: Node, index: number, reason: WasteReason, sameContent: boolean, hidden: HiddenVersion[]): number {
    let bytes = 0;
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.entry.type === "file") bytes += current.entry.size;
      const version = current.version;
      if (version && --version.refs === 0) {
        const { refs: _refs, ...plain } = version;
        hidden.push({ version: plain, hiddenBy: index, reason, sameContent: sameContent && current === node });
      }
      if (current.children) stack.push(...current.children.values());
    }
    return bytes;
  }
}

/**
 * The union of layers `0..index` (inclusive): what a container of the image built up to that
 * layer sees.
 *
 * @example unionAt(layers, layers.length - 1).lookup("/etc/passwd")?.layer // the layer that wrote it last
 */
export function unionAt(layers: readonly LayerEntries[], index: number): UnionFs {
  const union = new UnionFs();
  const last = Math.min(index, layers.length - 1);
  for (let layer = 0; layer <= last; layer++) union.apply(layers[layer]!);
  return union;
}

/**
 * What every layer changed (marks per path, counts, versions it hid), base first.
 *
 * @example diffLayers([[fileA], [whiteoutA]])[1].counts // { added: 0, changed: 0, deleted: 1 }
 */
export function diffLayers(layers: readonly LayerEntries[]): LayerDiff[] {
  const union = new UnionFs();
  return layers.map((entries) => union.apply(entries));
}

/** One row of a directory listing, as the files API returns it. */
export type DirectoryEntry = {
  name: string;
  path: string;
  type: EntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkTarget: string | null;
  change: ChangeKind | null;
};

/**
 * One directory level of the union view at a layer: what a container sees there, each row marked
 * with what *that* layer did to it (null: unchanged at that layer), plus the rows the layer
 * deleted (so a tree can show them struck out).
 *
 * @example listUnionDirectory({ union: unionAt(layers, 3), diff: diffs[3], path: "/data" })
 */
export function listUnionDirectory({ union, diff, path }: { union: UnionFs; diff: LayerDiff; path: string }): DirectoryEntry[] | null {
  const visible = union.list(path);
  if (visible === null) return null;
  const marks = new Map(diff.changes.filter((change) => parentPath(change.path) === path).map((change) => [change.path, change]));
  const rows: DirectoryEntry[] = visible.map((entry) => ({ ...rowOf(entry), change: marks.get(entry.path)?.change ?? null }));
  for (const mark of marks.values()) {
    if (mark.change === "deleted" && !union.lookup(mark.path)) rows.push(deletedRow(mark));
  }
  return rows.sort((a, b) => comparePaths(a.path, b.path));
}

/**
 * One directory level of a single layer's own content (its tar, whiteouts shown as deleted rows),
 * marked against the layers below. Directories the layer only implies appear as rows too.
 */
export function listLayerDirectory({ entries, diff, path }: { entries: LayerEntries; diff: LayerDiff; path: string }): DirectoryEntry[] {
  const marks = new Map(diff.changes.map((change) => [change.path, change]));
  const rows = new Map<string, DirectoryEntry>();
  const prefix = path === "/" ? "/" : `${path}/`;
  for (const entry of entries) {
    if (!entry.path.startsWith(prefix) || entry.path === path) continue;
    const name = entry.path.slice(prefix.length).split("/")[0]!;
    const childPath = `${prefix}${name}`;
    if (childPath !== entry.path) {
      if (!rows.has(childPath))
        rows.set(childPath, { ...rowOf(implicitDir(childPath, diff.index)), change: marks.get(childPath)?.change ?? null });
      continue;
    }
    if (entry.type === "opaque") continue;
    if (entry.type === "whiteout") {
      const mark = marks.get(childPath);
      rows.set(childPath, mark ? deletedRow(mark) : { ...emptyRow(childPath), change: "deleted" });
      continue;
    }
    rows.set(childPath, {
      ...rowOf({ ...entry, type: entry.type as EntryType, layer: diff.index, implicit: false }),
      change: marks.get(childPath)?.change ?? null,
    });
  }
  // Rows an opaque marker in this directory removed.
  for (const mark of marks.values()) {
    if (mark.change === "deleted" && parentPath(mark.path) === path && !rows.has(mark.path)) rows.set(mark.path, deletedRow(mark));
  }
  return [...rows.values()].sort((a, b) => comparePaths(a.path, b.path));
}

function rowOf(
  entry: Omit<UnionEntry, "layer" | "implicit"> & Partial<Pick<UnionEntry, "layer" | "implicit">>,
): Omit<DirectoryEntry, "change"> {
  return {
    name: baseName(entry.path),
    path: entry.path,
    type: entry.type,
    size: entry.size,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    linkTarget: entry.linkTarget,
  };
}

function deletedRow(mark: PathChange): DirectoryEntry {
  return { ...emptyRow(mark.path), type: mark.type, size: mark.size, change: "deleted" };
}

function emptyRow(path: string): Omit<DirectoryEntry, "change"> {
  return { name: baseName(path), path, type: "file", size: 0, mode: 0, uid: 0, gid: 0, linkTarget: null };
}

function implicitDir(path: string, layer: number): UnionEntry {
  return { path, type: "dir", size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: null, hash: null, layer, implicit: true };
}

function deletion(entry: UnionEntry, bytes: number): PathChange {
  return { path: entry.path, change: "deleted", type: entry.type, size: bytes, fields: [] };
}

/** Regular files and hard links are both "content at a path"; only the bytes decide a change. */
function kindOf(type: EntryType): EntryType {
  return type === "hardlink" ? "file" : type;
}

function differences(before: UnionEntry, after: UnionEntry): ChangedField[] {
  if (kindOf(before.type) !== kindOf(after.type)) return ["type"];
  // An implicit directory has no metadata to compare with.
  if (before.implicit || after.implicit) return [];
  const fields: ChangedField[] = [];
  if (kindOf(after.type) === "file" && (before.hash !== after.hash || before.size !== after.size)) fields.push("content");
  if (after.type === "symlink" && before.linkTarget !== after.linkTarget) fields.push("linkTarget");
  if ((before.mode & 0o7777) !== (after.mode & 0o7777)) fields.push("mode");
  if (before.uid !== after.uid || before.gid !== after.gid) fields.push("owner");
  return fields;
}

/** Byte-wise path order (what `ls` in the C locale and the engine's tar writer use). */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

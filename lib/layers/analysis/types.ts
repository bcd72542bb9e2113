/**
 * The plain data the layer explorer works on. A layer is the list of what its tar says: entries
 * (files, directories, links…) and the two overlay markers that remove lower content: a whiteout
 * (`.wh.NAME`, the path is deleted) and an opaque marker (`.wh..wh..opq`, everything the lower
 * layers had under the directory is hidden). See
 * https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts
 */

/** What a path is. Character/block devices and FIFOs are "other". */
export type EntryType = "file" | "dir" | "symlink" | "hardlink" | "other";

/** An entry of one layer tar, or one of the overlay markers (`whiteout`, `opaque`). */
export type LayerEntryType = EntryType | "whiteout" | "opaque";

/**
 * One line of a layer. `path` is absolute and normalised (`./bin/x`, `bin/x` → `/bin/x`). For a
 * whiteout it is the path deleted (not the `.wh.` name); for an opaque marker the directory whose
 * lower content is hidden. `size` is the content bytes a regular file stores in this layer (0 for
 * everything else, hard links included: their bytes are stored once, at the target). `hash` is
 * the sha256 of a regular file's content (hex), null for everything else.
 *
 * @example const entry: LayerEntry = { path: "/data/big.bin", type: "file", size: 52428800, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: "30e1…" };
 */
export type LayerEntry = {
  path: string;
  type: LayerEntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target as written (may be relative), or a hard link's target path (normalised). */
  linkTarget: string | null;
  hash: string | null;
};

/** A layer's entries, in tar order. Index in an array of these = layer index, base first. */
export type LayerEntries = readonly LayerEntry[];

/** Why a stored file version can no longer be seen by any container of the image. */
export type WasteReason = "deleted" | "overwritten" | "opaque";

/** How a path differs from what the layers below showed. */
export type ChangeKind = "added" | "changed" | "deleted";

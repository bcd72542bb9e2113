/**
 * Waste, counted once: the content bytes of every stored regular-file version that no container of
 * the image can see — overwritten by a later layer, deleted by a whiteout, or hidden by an opaque
 * directory. The version that stays visible is never counted (dive sums every copy of a path,
 * the visible one included: wagoodman/dive#684), and a version still reachable through a hard link
 * is not waste either. All byte counts are regular files' content sizes: tar headers, padding,
 * directories and links cost a few hundred bytes each and are left out on both sides.
 *
 * - stored  = the content bytes of every file version in every layer;
 * - visible = stored − wasted (what a container can read);
 * - efficiency = visible / stored (1 for an image without waste, or without files);
 * - user waste = the waste that a layer above the base image caused: every version hidden by a
 *   layer at index ≥ `baseLayers`. That includes base-image files a user step overwrote or deleted
 *   (the bytes sit in the base layer, but the user's step made them dead weight and can avoid it);
 *   the base image's own internal waste is not the user's. dive counts every layer but 0 as "user".
 * - userWastedPercent = user waste / stored bytes (a fraction, 0–1). Note: dive divides *all*
 *   waste by the bytes of layers 1..n, which can exceed 1; this module keeps both parts honest.
 */
import { UnionFs, type HiddenVersion, type LayerDiff } from "@/lib/layers/analysis/union";
import type { LayerEntries, WasteReason } from "@/lib/layers/analysis/types";

/** One stored file version no container sees. Layer indexes are 0-based, base first. */
export type WasteItem = {
  path: string;
  bytes: number;
  writtenBy: number;
  hiddenBy: number;
  reason: WasteReason;
  /** Overwritten by an entry with the same content: a metadata-only rewrite (chmod, chown, touch). */
  sameContent: boolean;
  /** Deleted while the hiding layer wrote the same content elsewhere (`mv`): the new path. */
  movedTo: string | null;
  hash: string | null;
};

export type LayerWaste = {
  index: number;
  /** Content bytes the layer stores. */
  storedBytes: number;
  /** Of those, bytes no container sees (by the layer that *wrote* them). */
  wastedBytes: number;
  /** Bytes of lower (or own) versions this layer made invisible. */
  hiddenBytes: number;
  files: { added: number; changed: number; deleted: number };
};

export type WasteAnalysis = {
  baseLayers: number;
  totalBytes: number;
  visibleBytes: number;
  wastedBytes: number;
  userWastedBytes: number;
  userWastedPercent: number;
  efficiency: number;
  layers: LayerWaste[];
  /** Biggest first. */
  waste: WasteItem[];
};

/**
 * Waste computed layer by layer, so a caller can feed layers from storage one at a time: the fold
 * keeps the union (proportional to the visible paths), not every layer's entries.
 *
 * @example
 * const fold = new WasteFold({ baseLayers: 1 });
 * for (const entries of layers) fold.addLayer(entries);
 * fold.finish().wastedBytes;
 */
export class WasteFold {
  private readonly unionFs = new UnionFs();
  private readonly layers: LayerWaste[] = [];
  private readonly items: WasteItem[] = [];
  private readonly baseLayers: number;

  constructor({ baseLayers }: { baseLayers: number }) {
    this.baseLayers = Math.max(0, Math.floor(baseLayers));
  }

  /**
   * The union after the layers added so far: what a container sees. For reading (lookups, walks,
   * advice over the final view) without building a second one; applying layers to it directly
   * would bypass the waste count.
   */
  get union(): UnionFs {
    return this.unionFs;
  }

  /**
   * Applies the next layer; returns its diff (counts and hidden versions; the per-path `changes`
   * only with `listChanges`, which the waste figures do not need).
   */
  addLayer(entries: LayerEntries, { listChanges = false }: { listChanges?: boolean } = {}): LayerDiff {
    const diff = this.unionFs.apply(entries, { listChanges });
    // Content this layer wrote, to recognise a deletion that is really a move (only looked up
    // when the layer deleted something: most layers only add).
    const written = new Map<string, string>();
    if (diff.hidden.some((hidden) => hidden.reason !== "overwritten")) {
      for (const entry of entries) {
        if (entry.type === "file" && entry.hash !== null && entry.size > 0 && !written.has(entry.hash)) written.set(entry.hash, entry.path);
      }
    }
    this.layers.push({ index: diff.index, storedBytes: diff.storedBytes, wastedBytes: 0, hiddenBytes: 0, files: diff.counts });
    for (const hidden of diff.hidden) this.record(hidden, written);
    return diff;
  }

  private record(hidden: HiddenVersion, written: Map<string, string>): void {
    const { version } = hidden;
    this.layers[version.layer]!.wastedBytes += version.size;
    this.layers[hidden.hiddenBy]!.hiddenBytes += version.size;
    if (version.size === 0) return;
    const movedTo = hidden.reason !== "overwritten" && version.hash !== null ? (written.get(version.hash) ?? null) : null;
    this.items.push({
      path: version.path,
      bytes: version.size,
      writtenBy: version.layer,
      hiddenBy: hidden.hiddenBy,
      reason: hidden.reason,
      sameContent: hidden.sameContent,
      movedTo: movedTo === version.path ? null : movedTo,
      hash: version.hash,
    });
  }

  finish(): WasteAnalysis {
    const totalBytes = this.layers.reduce((sum, layer) => sum + layer.storedBytes, 0);
    const wastedBytes = this.layers.reduce((sum, layer) => sum + layer.wastedBytes, 0);
    const baseLayers = Math.min(this.baseLayers, this.layers.length);
    const userWastedBytes = this.items.reduce((sum, item) => (item.hiddenBy >= baseLayers ? sum + item.bytes : sum), 0);
    const visibleBytes = totalBytes - wastedBytes;
    return {
      baseLayers,
      totalBytes,
      visibleBytes,
      wastedBytes,
      userWastedBytes,
      userWastedPercent: totalBytes === 0 ? 0 : userWastedBytes / totalBytes,
      efficiency: totalBytes === 0 ? 1 : visibleBytes / totalBytes,
      layers: this.layers.map((layer) => ({ ...layer, files: { ...layer.files } })),
      waste: [...this.items].sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.writtenBy - b.writtenBy)),
    };
  }
}

/**
 * Waste of an image from its layers' entries (base first).
 *
 * @example
 * computeWaste({ layers: [[file("/data/big.bin", 52428800)], [whiteout("/data/big.bin")]], baseLayers: 0 })
 * // { wastedBytes: 52428800, efficiency: 0, waste: [{ path: "/data/big.bin", writtenBy: 0, hiddenBy: 1, reason: "deleted", … }], … }
 */
export function computeWaste({ layers, baseLayers }: { layers: readonly LayerEntries[]; baseLayers: number }): WasteAnalysis {
  const fold = new WasteFold({ baseLayers });
  for (const entries of layers) fold.addLayer(entries);
  return fold.finish();
}

/**
 * What differs between two images as a container sees them: paths added, removed, and changed
 * (another content hash, type or link target; owner and mode alone do not count). Both sides are
 * walked in the same order (UnionFs.walk: depth first, names in byte order) and merged, so no
 * index of either side is built.
 */
import { pathSegments } from "@/lib/layers/analysis/paths";
import type { UnionEntry, UnionFs } from "@/lib/layers/analysis/union";
import type { CompareEntry, ImageComparison } from "@/lib/layers/types";

/** The order UnionFs.walk yields paths in: segment by segment, a parent before its children. */
export function compareWalkOrder(a: string, b: string): number {
  const left = pathSegments(a);
  const right = pathSegments(b);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index]! < right[index]! ? -1 : 1;
  }
  return left.length - right.length;
}

function kind(entry: UnionEntry): string {
  return entry.type === "hardlink" ? "file" : entry.type;
}

function differs(a: UnionEntry, b: UnionEntry): boolean {
  if (kind(a) !== kind(b)) return true;
  if (kind(a) === "file") return a.hash !== b.hash || a.size !== b.size;
  if (a.type === "symlink") return a.linkTarget !== b.linkTarget;
  return false;
}

function contentSize(entry: UnionEntry): number {
  return kind(entry) === "file" ? entry.size : 0;
}

/**
 * @example
 * compareUnions(unionOfA, unionOfB).changed // [{ path: "/www/version", sizeA: 3, sizeB: 23, type: "file" }]
 */
export function compareUnions(a: UnionFs, b: UnionFs): Pick<ImageComparison, "added" | "removed" | "changed"> {
  const added: CompareEntry[] = [];
  const removed: CompareEntry[] = [];
  const changed: CompareEntry[] = [];
  const left = a.walk();
  const right = b.walk();
  let x = left.next();
  let y = right.next();
  while (!x.done || !y.done) {
    const order = x.done ? 1 : y.done ? -1 : compareWalkOrder(x.value.path, y.value.path);
    if (order < 0) {
      const entry = x.value as UnionEntry;
      removed.push({ path: entry.path, sizeA: contentSize(entry), sizeB: null, type: entry.type });
      x = left.next();
    } else if (order > 0) {
      const entry = y.value as UnionEntry;
      added.push({ path: entry.path, sizeA: null, sizeB: contentSize(entry), type: entry.type });
      y = right.next();
    } else {
      const [before, after] = [x.value as UnionEntry, y.value as UnionEntry];
      if (differs(before, after))
        changed.push({ path: after.path, sizeA: contentSize(before), sizeB: contentSize(after), type: after.type });
      x = left.next();
      y = right.next();
    }
  }
  return { added, removed, changed };
}

export type ArchiveKind = "tar" | "gzip" | "xz" | "bzip2" | "zstd";

/**
 * What an upload is, from its first bytes (at least 512 for a tar): a tar archive (ustar magic,
 * or a classic header whose checksum adds up) or one of the compressions the engine unpacks.
 * Null means it is none of these, and the engine would only fail on it later.
 *
 * @example sniffArchive(Buffer.from([0x1f, 0x8b, 8, 0])) // "gzip"
 */
export function sniffArchive(head: Buffer): ArchiveKind | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "xz";
  if (head.length >= 3 && head.subarray(0, 3).toString("latin1") === "BZh") return "bzip2";
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return "zstd";
  if (head.length < 512) return null;
  if (head.subarray(257, 262).toString("latin1") === "ustar") return "tar";
  return tarChecksumMatches(head) ? "tar" : null;
}

function tarChecksumMatches(header: Buffer): boolean {
  const stored = parseInt(header.subarray(148, 156).toString("latin1").replace(/\0.*$/, "").trim(), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === stored && sum !== 8 * 0x20;
}

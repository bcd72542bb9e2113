import createIgnore from "@balena/dockerignore";

// A folder picked in the browser becomes the build context without its files being read here: the
// tar archive is a Blob made of 512-byte headers written here and the picked Files themselves.
// A Blob holds its File parts as references to the files on disk, so the browser reads each file
// only while it sends that part of the upload; the context is never held in memory. (A fetch with
// a ReadableStream body would stream too, but Chromium sends such a body only over HTTP/2, and
// `next start` speaks HTTP/1.1; an XMLHttpRequest sending a Blob also reports upload progress.)

const BLOCK = 512;
const encoder = new TextEncoder();

/**
 * Browsers do not tell a file's mode. Like the docker CLI on Windows, which marks every file it
 * sends `-rwxr-xr-x`, every file goes in as 0755 so that a copied script can run.
 */
const FILE_MODE = 0o755;

/** The largest size the ustar header's 11 octal digits hold; beyond it a PAX record carries the size. */
const MAX_OCTAL_SIZE = 0o77777777777;

function writeString(block: Uint8Array, offset: number, length: number, bytes: Uint8Array): void {
  block.set(bytes.subarray(0, length), offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  // length - 1 digits, then NUL.
  writeString(block, offset, length - 1, encoder.encode(value.toString(8).padStart(length - 1, "0")));
}

/** A ustar header block (checksum included) for a regular file or a PAX extended header. */
function ustarHeader({
  name,
  prefix = new Uint8Array(0),
  size,
  mtime,
  type,
}: {
  name: Uint8Array<ArrayBuffer>;
  prefix?: Uint8Array<ArrayBuffer>;
  size: number;
  mtime: number;
  type: "0" | "x";
}): Uint8Array<ArrayBuffer> {
  const block = new Uint8Array(BLOCK);
  writeString(block, 0, 100, name);
  writeOctal(block, 100, 8, FILE_MODE);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size > MAX_OCTAL_SIZE ? 0 : size);
  writeOctal(block, 136, 12, Math.max(0, Math.floor(mtime / 1000)));
  block.fill(0x20, 148, 156); // the checksum is summed with its own field as spaces
  block[156] = type.charCodeAt(0);
  writeString(block, 257, 6, encoder.encode("ustar\0"));
  writeString(block, 263, 2, encoder.encode("00"));
  writeString(block, 345, 155, prefix);
  const sum = block.reduce((total, byte) => total + byte, 0);
  writeString(block, 148, 8, encoder.encode(`${sum.toString(8).padStart(6, "0")}\0 `));
  return block;
}

/** One PAX record, `LEN key=value\n`, where LEN counts the whole record including its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + String(bodyLength).length;
  if (String(length).length !== String(bodyLength).length) length = bodyLength + String(length).length;
  return `${length}${body}`;
}

function padding(size: number): Uint8Array<ArrayBuffer> {
  const rest = size % BLOCK;
  return new Uint8Array(rest === 0 ? 0 : BLOCK - rest);
}

/**
 * The header blocks of one file: a plain ustar header when the name fits (up to 100 bytes, or
 * split at a `/` into a 155-byte prefix and a 100-byte name), else a PAX header carrying the full
 * path (and the size past 8 GiB) before it, as GNU tar and the engine's archive reader expect.
 *
 * @example fileHeaders("app/main.go", 120, Date.now()).length // 1 (one 512-byte block)
 */
export function fileHeaders(path: string, size: number, mtime: number): Uint8Array<ArrayBuffer>[] {
  const name = encoder.encode(path);
  const fits = name.length <= 100 ? { name, prefix: new Uint8Array(0) } : splitUstarName(path);
  if (fits && size <= MAX_OCTAL_SIZE) return [ustarHeader({ ...fits, size, mtime, type: "0" })];
  const records = encoder.encode((fits ? "" : paxRecord("path", path)) + (size > MAX_OCTAL_SIZE ? paxRecord("size", String(size)) : ""));
  const shortName = fits?.name ?? encoder.encode(path.slice(-100).replace(/^[^/]*\//, ""));
  return [
    ustarHeader({ name: encoder.encode("PaxHeader"), size: records.length, mtime, type: "x" }),
    records,
    padding(records.length),
    ustarHeader({ name: shortName, prefix: fits?.prefix, size, mtime, type: "0" }),
  ];
}

function splitUstarName(path: string): { name: Uint8Array<ArrayBuffer>; prefix: Uint8Array<ArrayBuffer> } | null {
  for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
    const prefix = encoder.encode(path.slice(0, slash));
    const name = encoder.encode(path.slice(slash + 1));
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { name, prefix };
  }
  return null;
}

/** A file of a picked folder: where it sits in the context, and its bytes (a File, or text). */
export type ContextFile = { path: string; blob: Blob; mtime: number };

/**
 * The context's path of a file picked with `<input webkitdirectory>`: its path below the picked
 * folder (the browser's relative path starts with the folder's own name).
 *
 * @example contextPath("app/src/main.go") // "src/main.go"
 */
export function contextPath(relativePath: string): string {
  const slash = relativePath.indexOf("/");
  return slash === -1 ? relativePath : relativePath.slice(slash + 1);
}

export type PackedContext = {
  /** The tar archive, ready to send; its file parts are read from disk only as it is sent. */
  archive: Blob;
  /** Paths sent, in archive order. */
  included: string[];
  /** Paths `.dockerignore` kept out. */
  ignored: string[];
  /** The Dockerfile was among the picked files. */
  hasDockerfile: boolean;
};

/**
 * Packs the files of a folder into a tar archive as the engine's build context, leaving out what
 * the folder's `.dockerignore` excludes, matched as Docker matches it (`@balena/dockerignore` is
 * a port of Docker's own matcher: patterns are anchored at the context root, `**` spans
 * folders, `!` re-includes). The Dockerfile and `.dockerignore` are always sent, as the docker
 * CLI does even when they are listed.
 *
 * @example const { archive } = await packFolder(files, "Dockerfile"); api.builds.run({ kind: "folder", archive }, query)
 */
export async function packFolder(files: readonly ContextFile[], dockerfilePath = "Dockerfile"): Promise<PackedContext> {
  const ignoreFile = files.find((file) => file.path === ".dockerignore");
  const matcher = createIgnore();
  if (ignoreFile) matcher.add(await ignoreFile.blob.text());
  const parts: BlobPart[] = [];
  const included: string[] = [];
  const ignored: string[] = [];
  const ordered = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of ordered) {
    const always = file.path === dockerfilePath || file.path === ".dockerignore";
    if (!always && matcher.ignores(file.path)) {
      ignored.push(file.path);
      continue;
    }
    included.push(file.path);
    parts.push(...fileHeaders(file.path, file.blob.size, file.mtime), file.blob, padding(file.blob.size));
  }
  // The end of an archive: two zero blocks.
  parts.push(new Uint8Array(BLOCK * 2));
  return {
    archive: new Blob(parts, { type: "application/x-tar" }),
    included,
    ignored,
    hasDockerfile: files.some((file) => file.path === dockerfilePath),
  };
}

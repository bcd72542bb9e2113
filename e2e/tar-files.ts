import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { extract, pack } from "tar-stream";

/**
 * A tiny root filesystem as an uncompressed tar, built with tar-stream: what `docker import`
 * takes. Each entry is a regular file at the archive's root.
 *
 * @example const tar = await rootfsTar({ "greeting.txt": "hi\n" })
 */
export async function rootfsTar(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) {
    archive.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes bytes to a new file under the OS temp directory (for setInputFiles) and returns its path. */
export async function tempFile(name: string, content: Buffer | string): Promise<string> {
  const file = path.join(tmpdir(), name);
  await writeFile(file, content);
  return file;
}

/** The entry names of a tar file (for checking a download's contents). */
export async function tarEntryNames(file: string): Promise<string[]> {
  const reader = extract();
  createReadStream(file).pipe(reader);
  const names: string[] = [];
  for await (const entry of reader) {
    names.push(entry.header.name);
    entry.resume();
  }
  return names;
}

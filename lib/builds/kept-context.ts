import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline, Transform, type Readable } from "node:stream";
import { buildFilesDir } from "@/lib/builds/history";

/**
 * Uploaded contexts kept for Rebuild: each is written to disk as it streams to the engine (never
 * held in memory), at most MAX_KEPT_CONTEXT_BYTES (a larger one is dropped as soon as it passes
 * that), and only the newest KEPT_CONTEXTS stay; older upload builds ask for the archive again.
 */
export const MAX_KEPT_CONTEXT_BYTES = 512 * 1024 * 1024;
export const KEPT_CONTEXTS = 5;
const SUFFIX = ".context";

/** Where a build's uploaded context is kept (as uploaded: tar or compressed tar). */
export function keptContextPath(id: string): string {
  return path.join(buildFilesDir(), `${id}${SUFFIX}`);
}

/** Whether a build's uploaded context is kept, so that it can be rebuilt. */
export function hasKeptContext(id: string): boolean {
  return fs.existsSync(keptContextPath(id));
}

/**
 * The same bytes as `source`, written to a temporary file on the way. `kept` resolves with the
 * file once the upload has ended whole within the size limit, else null (and the file is gone).
 * A slow disk slows the upload rather than buffering it.
 */
export function keepWhileStreaming(
  source: Readable,
  { maxBytes = MAX_KEPT_CONTEXT_BYTES }: { maxBytes?: number } = {},
): { stream: Readable; kept: Promise<string | null> } {
  fs.mkdirSync(buildFilesDir(), { recursive: true });
  const temporary = path.join(buildFilesDir(), `upload-${randomUUID()}.part`);
  let file: fs.WriteStream | null = fs.createWriteStream(temporary);
  let bytes = 0;
  // The file is removed once its stream has closed: a stream destroyed while still opening would
  // otherwise create the file after it was removed.
  let dropped: Promise<void> = Promise.resolve();
  const drop = () => {
    const stream = file;
    file = null;
    const remove = () => fs.promises.rm(temporary, { force: true }).catch(() => undefined);
    dropped =
      !stream || stream.closed
        ? remove()
        : new Promise<void>((resolve) => {
            stream.once("close", () => void remove().then(resolve));
            stream.destroy();
          });
  };
  let resolveKeptNow: (value: string | null) => void = () => {};
  const kept = new Promise<string | null>((resolve) => (resolveKeptNow = resolve));
  // Nothing kept is said only once a dropped file is gone.
  const resolveKept = (value: string | null) => void dropped.then(() => resolveKeptNow(value));
  const copier = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (file && bytes > maxBytes) drop();
      if (!file || file.write(chunk)) return done(null, chunk);
      file.once("drain", () => done(null, chunk));
    },
    flush(done) {
      if (!file) return done();
      file.end(() => {
        resolveKept(temporary);
        done();
      });
    },
  });
  pipeline(source, copier, (error) => {
    if (error) {
      drop();
      resolveKept(null);
    } else if (!file) resolveKept(null);
  });
  // The engine side closing early (a refused build) ends the copy too.
  copier.once("close", () => {
    if (!copier.writableFinished) {
      drop();
      resolveKept(null);
    }
  });
  return { stream: copier, kept };
}

/**
 * Names a finished upload's file after its build, and forgets all but the newest KEPT_CONTEXTS.
 * True when the context is kept (in this instance's data directory).
 */
export async function storeKeptContext(temporary: string | null, id: string): Promise<boolean> {
  if (!temporary) return false;
  await fs.promises.rename(temporary, keptContextPath(id));
  const dir = buildFilesDir();
  const entries = await fs.promises.readdir(dir);
  const kept = await Promise.all(
    entries
      .filter((name) => name.endsWith(SUFFIX))
      .map(async (name) => ({ name, at: (await fs.promises.stat(path.join(dir, name))).mtimeMs })),
  );
  kept.sort((a, b) => b.at - a.at);
  for (const old of kept.slice(KEPT_CONTEXTS)) await fs.promises.rm(path.join(dir, old.name), { force: true });
  // Uploads a stopped server was writing (an upload in progress is written to all the time).
  for (const name of entries.filter((entry) => entry.endsWith(".part"))) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > 24 * 60 * 60 * 1000) await fs.promises.rm(file, { force: true });
  }
  return true;
}

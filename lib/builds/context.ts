import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pack } from "tar-stream";
import { readLimitedText } from "@/lib/archive/streams";
import type { BuildJsonBody } from "@/lib/builds/types";
import { AppError, BadRequestError } from "@/lib/errors";

/** A JSON build body (a typed Dockerfile and small files) is at most this large. */
export const MAX_BUILD_JSON_BYTES = 8 * 1024 * 1024;

/**
 * Packs a typed Dockerfile and its files into a build context: a tar stream produced entry by
 * entry as the engine reads it. The Dockerfile goes where `dockerfile` (the `-f` path) says.
 *
 * @example contextOfTypedDockerfile({ dockerfile: "FROM busybox:1\n", files: { "a.txt": "hi" } }) // Dockerfile, a.txt
 */
export function contextOfTypedDockerfile(body: BuildJsonBody, dockerfilePath = "Dockerfile"): Readable {
  const files = body.files ?? {};
  if (dockerfilePath in files) {
    throw new BadRequestError("build", `files has an entry "${dockerfilePath}" where the typed Dockerfile goes; remove one of them.`);
  }
  const archive = pack();
  const entries: [string, string][] = [[dockerfilePath, body.dockerfile], ...Object.entries(files)];
  // Fixed times and modes: the same typed input gives the same context, so COPY steps hit the cache.
  const mtime = new Date(0);
  (async () => {
    for (const [name, content] of entries) {
      await new Promise<void>((resolve, reject) =>
        archive.entry({ name, mode: 0o644, mtime }, content, (error) => (error ? reject(error) : resolve())),
      );
    }
    archive.finalize();
  })().catch((error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.from(archive, { objectMode: false });
}

/**
 * Reads a request body as text, refusing (413) one larger than `limit` bytes without holding
 * more than that: this route bypasses the request proxy, so no one else caps it. The body is a
 * Node request (the custom server's fast path) or a web stream (a Next route handler).
 */
export async function readLimitedBuildText(body: ReadableStream<Uint8Array> | Readable | null, limit: number): Promise<string> {
  if (!body) return "";
  return readLimitedText(
    body instanceof Readable ? body : Readable.fromWeb(body as WebReadableStream<Uint8Array>),
    limit,
    () =>
      new AppError("too_large:body", `A JSON build body is at most ${limit / (1024 * 1024)} MiB; send larger contexts as a tar archive.`),
  );
}

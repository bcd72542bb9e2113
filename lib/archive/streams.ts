import { pipeline, Readable, Transform } from "node:stream";

/**
 * Reads the first `size` bytes of a stream (or all of it, if shorter) and returns them with a
 * stream that yields everything, head included: the body can be checked before it is sent on,
 * without being held in memory. The head is put back into the same stream (no extra stage for
 * every chunk of a gigabyte upload to pass through).
 */
export async function peekStream(stream: Readable, size: number): Promise<{ head: Buffer; whole: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < size) {
    const chunk = stream.read() as Buffer | Uint8Array | null;
    if (chunk !== null) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      length += chunk.length;
      continue;
    }
    if (stream.readableEnded || stream.destroyed) break;
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        stream.off("readable", onReadable).off("end", onEnd).off("error", settle);
        if (error) reject(error);
        else resolve();
      };
      const onReadable = () => settle();
      const onEnd = () => settle();
      stream.once("readable", onReadable).once("end", onEnd).once("error", settle);
    });
  }
  const head = Buffer.concat(chunks);
  // A stream that ended while peeking cannot take its head back; it was all there is.
  if (stream.readableEnded) return { head: head.subarray(0, size), whole: Readable.from([head], { objectMode: false }) };
  if (head.length > 0) stream.unshift(head);
  return { head: head.subarray(0, size), whole: stream };
}

/**
 * Passes a stream through unchanged while counting its bytes (for the audit log's "bytes moved").
 * A failing source fails the counted stream too, so whoever reads it is not left waiting.
 */
export function countBytes(stream: Readable): { stream: Readable; bytes: () => number } {
  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream: pipeline(stream, counter, () => undefined), bytes: () => total };
}

/**
 * Reads a small body whole as text, refusing with `tooLarge()` one larger than `limit` bytes
 * without holding more than that (the stream is destroyed at once).
 *
 * @example const text = await readLimitedText(req, 1 << 20, () => new AppError("too_large:body", "…"));
 */
export async function readLimitedText(stream: Readable, limit: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

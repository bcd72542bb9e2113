import { Readable } from "node:stream";

/**
 * Reads the first `size` bytes of a stream (or all of it, if shorter) and returns them with a
 * stream that yields everything, head included: the body can be checked before it is sent on,
 * without being held in memory.
 */
export async function peekStream(stream: Readable, size: number): Promise<{ head: Buffer; whole: Readable }> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < size) {
    const { value, done } = await iterator.next();
    if (done) break;
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  async function* all() {
    if (head.length) yield head;
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) return;
      yield Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    }
  }
  return { head: head.subarray(0, size), whole: Readable.from(all(), { objectMode: false }) };
}

/** Passes a stream through unchanged while counting its bytes (for the audit log's "bytes moved"). */
export function countBytes(stream: Readable): { stream: Readable; bytes: () => number } {
  let total = 0;
  async function* counted() {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      total += buffer.length;
      yield buffer;
    }
  }
  return { stream: Readable.from(counted(), { objectMode: false }), bytes: () => total };
}

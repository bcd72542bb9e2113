import type { LogLine } from "@/lib/containers/types";
// `docker logs` arrives as bytes: for a container without a TTY the engine multiplexes stdout and
// stderr into frames (8-byte header: stream type, 3 zero bytes, big-endian payload length); with a
// TTY it is one raw stream. These turn either into lines without ever holding more than one
// unfinished line per stream.

export type LogStreamName = "stdout" | "stderr";
export type LogChunk = { stream: LogStreamName; data: Buffer };

const HEADER_BYTES = 8;
/** A line longer than this is cut and sent in pieces, so a newline-less flood cannot grow memory. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Reads the engine's multiplexed log frames. Stream type 2 is stderr; 0 (stdin) and 1 are shown as
 * stdout, as the CLI does.
 */
export async function* demuxLogFrames(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<LogChunk> {
  let pending = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER_BYTES) {
      const size = pending.readUInt32BE(4);
      if (pending.length < HEADER_BYTES + size) break;
      const stream: LogStreamName = pending[0] === 2 ? "stderr" : "stdout";
      const data = pending.subarray(HEADER_BYTES, HEADER_BYTES + size);
      pending = pending.subarray(HEADER_BYTES + size);
      if (data.length > 0) yield { stream, data };
    }
  }
}

/** A TTY container's log: all of it is the terminal's output. */
export async function* rawLogChunks(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<LogChunk> {
  for await (const chunk of chunks) yield { stream: "stdout", data: Buffer.from(chunk) };
}

// RFC 3339 with nanoseconds, as the engine prefixes each line when asked for timestamps.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})) /;

function toLine(stream: LogStreamName, bytes: Buffer, timestamps: boolean): LogLine {
  const text = bytes.toString("utf8").replace(/\r$/, "");
  if (!timestamps) return { stream, text };
  const match = TIMESTAMP.exec(text);
  return match ? { stream, time: match[1], text: text.slice(match[0].length) } : { stream, text };
}

/**
 * Cuts chunks into lines per stream (an unfinished line waits for the rest of it). With
 * `timestamps`, the engine's timestamp prefix becomes `time`.
 */
export async function* splitLogLines(chunks: AsyncIterable<LogChunk>, { timestamps = false } = {}): AsyncGenerator<LogLine> {
  const partial: Record<LogStreamName, Buffer> = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  for await (const { stream, data } of chunks) {
    let buffer = partial[stream].length === 0 ? data : Buffer.concat([partial[stream], data]);
    for (let newline = buffer.indexOf(0x0a); newline !== -1; newline = buffer.indexOf(0x0a)) {
      yield toLine(stream, buffer.subarray(0, newline), timestamps);
      buffer = buffer.subarray(newline + 1);
    }
    while (buffer.length > MAX_LINE_BYTES) {
      yield toLine(stream, buffer.subarray(0, MAX_LINE_BYTES), timestamps);
      buffer = buffer.subarray(MAX_LINE_BYTES);
    }
    partial[stream] = Buffer.from(buffer);
  }
  for (const stream of ["stdout", "stderr"] as const) {
    if (partial[stream].length > 0) yield toLine(stream, partial[stream], timestamps);
  }
}

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { demuxLogFrames, MAX_LINE_BYTES, rawLogChunks, splitLogLines } from "@/lib/containers/log-stream";
import type { LogLine } from "@/lib/containers/types";

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function* from(chunks: Buffer[]) {
  yield* chunks;
}

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const all: LogLine[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

describe("log lines", () => {
  test("demultiplexes frames split at any byte and keeps each stream's lines whole", async () => {
    const bytes = Buffer.concat([frame(1, "out-1\nout-"), frame(2, "err-1\n"), frame(1, "2\n"), frame(2, "tail-without-newline")]);
    // Cut into 3-byte pieces: headers and payloads straddle chunk boundaries.
    const pieces = Array.from({ length: Math.ceil(bytes.length / 3) }, (_, i) => bytes.subarray(i * 3, i * 3 + 3));
    assert.deepEqual(await collect(splitLogLines(demuxLogFrames(from(pieces)))), [
      { stream: "stdout", text: "out-1" },
      { stream: "stderr", text: "err-1" },
      { stream: "stdout", text: "out-2" },
      { stream: "stderr", text: "tail-without-newline" },
    ]);
  });

  test("a TTY log is one stream; CRLF endings are trimmed", async () => {
    assert.deepEqual(await collect(splitLogLines(rawLogChunks(from([Buffer.from("a\r\nb\r\n")])))), [
      { stream: "stdout", text: "a" },
      { stream: "stdout", text: "b" },
    ]);
  });

  test("timestamps become a field", async () => {
    const lines = await collect(
      splitLogLines(rawLogChunks(from([Buffer.from("2026-11-22T10:00:00.123456789Z hello world\n")])), { timestamps: true }),
    );
    assert.deepEqual(lines, [{ stream: "stdout", time: "2026-11-22T10:00:00.123456789Z", text: "hello world" }]);
  });

  test("a line without a newline is cut rather than held whole", async () => {
    const lines = await collect(splitLogLines(rawLogChunks(from([Buffer.alloc(MAX_LINE_BYTES * 2 + 10, "x")]))));
    assert.deepEqual(
      lines.map((line) => line.text.length),
      [MAX_LINE_BYTES, MAX_LINE_BYTES, 10],
    );
  });
});

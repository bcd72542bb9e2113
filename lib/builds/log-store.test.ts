import assert from "node:assert/strict";
import { test } from "node:test";
import { BuildLogStore, type LogChunkSink } from "@/lib/builds/log-store";

function memorySink(failAt = -1): LogChunkSink & { pieces: Buffer[]; discarded: boolean; writing: number; mostWriting: number } {
  const sink = {
    pieces: [] as Buffer[],
    discarded: false,
    writing: 0,
    mostWriting: 0,
    async write(seq: number, bytes: Buffer) {
      sink.writing += 1;
      sink.mostWriting = Math.max(sink.mostWriting, sink.writing);
      await new Promise((resolve) => setImmediate(resolve));
      sink.writing -= 1;
      if (seq === failAt) throw new Error("disk full");
      assert.equal(seq, sink.pieces.length, "pieces arrive in order, numbered from 0");
      sink.pieces.push(bytes);
    },
    async discard() {
      sink.discarded = true;
      sink.pieces = [];
    },
  };
  return sink;
}

test("a log that fits the row stays in memory and writes no piece", async () => {
  const sink = memorySink();
  const store = new BuildLogStore(sink, 100, 50);
  await store.append("Step 1/1 : FROM x\n");
  await store.append("");
  assert.deepEqual(await store.close(), { log: "Step 1/1 : FROM x\n", logBytes: 18, chunks: 0 });
  assert.equal(sink.pieces.length, 0);
});

test("a larger log keeps its end for the row and all of it, from the first line, in pieces written one at a time", async () => {
  const sink = memorySink();
  const store = new BuildLogStore(sink, 100, 64);
  const lines = Array.from({ length: 500 }, (_, i) => `line ${i} é\n`);
  for (const line of lines) await store.append(line);
  const stored = await store.close();
  const whole = lines.join("");
  assert.equal(stored.log, whole.slice(-100));
  assert.equal(stored.logBytes, Buffer.byteLength(whole));
  assert.equal(stored.chunks, sink.pieces.length);
  assert.ok(sink.pieces.length > 50, `${sink.pieces.length} pieces`);
  assert.ok(
    // The first piece is all the row held when the log outgrew it.
    sink.pieces.slice(1, -1).every((piece) => piece.length >= 64 && piece.length < 64 + 20),
    "each later piece is about the chunk size",
  );
  assert.equal(Buffer.concat(sink.pieces).toString("utf8"), whole);
  assert.equal(sink.mostWriting, 1, "append waits for the piece being written");
});

test("a NUL the build printed stays in the pieces; the row's text gets a replacement character", async () => {
  const sink = memorySink();
  const store = new BuildLogStore(sink, 10, 8);
  await store.append("abc\u0000def\n");
  await store.append("0123456789\n");
  const stored = await store.close();
  assert.equal(stored.log, "0123456789\n".slice(-10));
  assert.equal(Buffer.concat(sink.pieces).toString("utf8"), "abc\u0000def\n0123456789\n");
  const fits = new BuildLogStore(memorySink(), 100);
  await fits.append("a\u0000b");
  assert.equal((await fits.close()).log, "a\uFFFDb");
});

test("a piece the store refuses drops the pieces (a log with a hole would read as whole) but keeps the row's end", async () => {
  const sink = memorySink(2);
  const store = new BuildLogStore(sink, 20, 16);
  const original = console.error;
  console.error = () => undefined;
  try {
    for (let i = 0; i < 40; i++) await store.append(`line ${i}\n`);
  } finally {
    console.error = original;
  }
  const stored = await store.close();
  assert.equal(stored.chunks, 0);
  assert.equal(sink.discarded, true);
  assert.match(stored.log, /line 39\n$/);
});

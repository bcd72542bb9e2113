import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { countBytes, peekStream, readLimitedText } from "@/lib/archive/streams";
import { readLimitedBuildText } from "@/lib/builds/context";

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test("peek returns the head and a stream of everything", async () => {
  const source = Readable.from([Buffer.from("abc"), Buffer.from("defgh"), Buffer.from("ij")]);
  const { head, whole } = await peekStream(source, 4);
  assert.equal(head.toString(), "abcd");
  assert.equal((await collect(whole)).toString(), "abcdefghij");
});

test("peek of a short stream gives what there is", async () => {
  const { head, whole } = await peekStream(Readable.from([Buffer.from("ab")]), 512);
  assert.equal(head.toString(), "ab");
  assert.equal((await collect(whole)).toString(), "ab");
});

test("countBytes counts what passes", async () => {
  const { stream, bytes } = countBytes(Readable.from([Buffer.alloc(1000), Buffer.alloc(24)]));
  assert.equal((await collect(stream)).length, 1024);
  assert.equal(bytes(), 1024);
});

test("a failing source fails the counted stream", async () => {
  const failing = new Readable({ read() {} });
  const { stream } = countBytes(failing);
  failing.push(Buffer.from("part"));
  failing.destroy(new Error("client went away"));
  await assert.rejects(collect(stream), /client went away/);
});

test("peek of a byte stream that arrives slowly waits for the head", async () => {
  const slow = new Readable({ read() {} });
  setTimeout(() => slow.push(Buffer.from("ab")), 5);
  setTimeout(() => slow.push(Buffer.from("cdef")), 10);
  setTimeout(() => slow.push(null), 15);
  const { head, whole } = await peekStream(slow, 3);
  assert.equal(head.toString(), "abc");
  assert.equal((await collect(whole)).toString(), "abcdef");
});

test("a small body is read whole; one over the limit is refused at once and its stream destroyed", async () => {
  const tooLarge = () => new Error("too large");
  assert.equal(await readLimitedText(Readable.from([Buffer.from('{"a":'), Buffer.from("1}")]), 10, tooLarge), '{"a":1}');
  let pulled = 0;
  const endless = new Readable({
    read() {
      pulled += 1;
      this.push(Buffer.alloc(4));
    },
  });
  await assert.rejects(readLimitedText(endless, 10, tooLarge), /too large/);
  assert.ok(endless.destroyed);
  assert.ok(pulled <= 4, `read ${pulled} chunks past a 10-byte limit`);
});

test("a build's JSON body is capped the same way from a web stream (a Next route) as from a Node request", async () => {
  const web = () => new Blob(["x".repeat(64)]).stream();
  assert.equal(await readLimitedBuildText(web(), 64), "x".repeat(64));
  await assert.rejects(readLimitedBuildText(web(), 63), { code: "too_large:body" });
  await assert.rejects(readLimitedBuildText(Readable.from([Buffer.alloc(64)]), 63), { code: "too_large:body" });
  assert.equal(await readLimitedBuildText(null, 1), "");
});

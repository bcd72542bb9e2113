import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { hashContextWhileStreaming, hashTypedContext } from "@/lib/builds/context-hashes";
import { tarOf } from "@/lib/testing/tar";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream that hands out `bytes` in small pieces, as an upload arrives. */
function trickle(bytes: Buffer): Readable {
  let offset = 0;
  return new Readable({
    read() {
      this.push(offset < bytes.length ? bytes.subarray(offset, (offset += 700)) : null);
    },
  });
}

test("a tar streams to the engine byte for byte while its files are hashed and its Dockerfile kept", async () => {
  const archive = await tarOf({ Dockerfile: "FROM x\n", "./src/a.txt": "a\n", "src/b.bin": Buffer.alloc(300_000, 7) });
  const { toEngine, digest } = hashContextWhileStreaming(trickle(archive), "Dockerfile", archive.subarray(0, 512));
  assert.deepEqual(await drain(toEngine), archive);
  const read = await digest;
  assert.equal(read?.dockerfile, "FROM x\n");
  assert.deepEqual(read?.hashes, {
    Dockerfile: sha("FROM x\n"),
    "src/a.txt": sha("a\n"),
    "src/b.bin": createHash("sha256").update(Buffer.alloc(300_000, 7)).digest("hex"),
  });
});

test("a gzip context is hashed through gunzip; the engine still gets the compressed bytes", async () => {
  const archive = gzipSync(await tarOf({ "build/Dockerfile.dev": "FROM y\n", "x.txt": "x" }));
  const { toEngine, digest } = hashContextWhileStreaming(trickle(archive), "build/Dockerfile.dev", archive.subarray(0, 512));
  assert.deepEqual(await drain(toEngine), archive);
  assert.equal((await digest)?.dockerfile, "FROM y\n");
  assert.deepEqual(Object.keys((await digest)!.hashes).sort(), ["build/Dockerfile.dev", "x.txt"]);
});

test("a context the hasher cannot read still reaches the engine whole, with no digest", async () => {
  const archive = Buffer.concat([(await tarOf({ Dockerfile: "FROM z\n" })).subarray(0, 512), Buffer.alloc(5000, 0x41)]);
  const { toEngine, digest } = hashContextWhileStreaming(trickle(archive), "Dockerfile", archive.subarray(0, 512));
  assert.deepEqual(await drain(toEngine), archive);
  const read = await digest;
  assert.ok(read === null || read.dockerfile === null);
});

test("a typed context's hashes come from its files", () => {
  assert.deepEqual(hashTypedContext({ Dockerfile: "FROM x\n", "./a": "a" }), { Dockerfile: sha("FROM x\n"), a: sha("a") });
});

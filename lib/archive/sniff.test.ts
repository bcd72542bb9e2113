import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { tarOf } from "@/lib/testing/tar";
import { sniffArchive } from "@/lib/archive/sniff";

test("recognises tar, gzip, xz, bzip2 and zstd", async () => {
  const tar = await tarOf({ "etc/hostname": "box\n" });
  assert.equal(sniffArchive(tar.subarray(0, 512)), "tar");
  assert.equal(sniffArchive(gzipSync(tar)), "gzip");
  assert.equal(sniffArchive(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0])), "xz");
  assert.equal(sniffArchive(Buffer.from("BZh91AY&SY")), "bzip2");
  assert.equal(sniffArchive(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0])), "zstd");
});

test("a pre-POSIX tar header is recognised by its checksum", async () => {
  const header = Buffer.from((await tarOf({ a: "x" })).subarray(0, 512));
  header.fill(0, 257, 265); // no "ustar" magic
  let sum = 0;
  header.fill(0x20, 148, 156);
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  assert.equal(sniffArchive(header), "tar");
});

test("junk, text, short and empty bodies are not archives", () => {
  assert.equal(sniffArchive(Buffer.alloc(0)), null);
  assert.equal(sniffArchive(Buffer.from("hello, this is not a tarball")), null);
  assert.equal(sniffArchive(Buffer.from("x".repeat(2048))), null);
  assert.equal(sniffArchive(Buffer.alloc(1024)), null, "zero blocks are an empty tar's end, not a header");
});

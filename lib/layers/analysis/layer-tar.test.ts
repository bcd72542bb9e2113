import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import xxhashWasm, { type XXHashAPI } from "xxhash-wasm";
import { LayerTarReader } from "@/lib/layers/analysis/layer-tar";
import { tarBytes } from "@/lib/layers/analysis/synthetic-archive";
import type { LayerEntry } from "@/lib/layers/analysis/types";

let hashes: XXHashAPI;
before(async () => {
  hashes = await xxhashWasm();
});
const hashOf = (body: Buffer | string) => hashes.h64Raw(Buffer.from(body)).toString(16).padStart(16, "0");

/** Reads `tar` in pieces of `size` bytes (1: every header and body split everywhere). */
function readInChunks(tar: Buffer, size: number): { entries: LayerEntry[]; reader: LayerTarReader } {
  const reader = new LayerTarReader(hashes);
  const entries: LayerEntry[] = [];
  for (let offset = 0; offset < tar.length; offset += size) {
    reader.write(tar.subarray(offset, offset + size));
    entries.push(...reader.take());
  }
  reader.end();
  entries.push(...reader.take());
  return { entries, reader };
}

/** A 512-byte header block as GNU tar writes it (`ustar  \0` magic), for records tar-stream's pack does not make. */
function gnuHeader({ name, flag, size, sizeBase256 = false }: { name: string; flag: string; size: number; sizeBase256?: boolean }): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, "utf8");
  block.write("0000644\0", 100, "latin1");
  block.write("0000000\0", 108, "latin1");
  block.write("0000000\0", 116, "latin1");
  if (sizeBase256) {
    block[124] = 0x80;
    block.writeUIntBE(size, 130, 6);
  } else block.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "latin1");
  block.write("00000000000\0", 136, "latin1");
  block.write(flag, 156, "latin1");
  block.write("ustar  \0", 257, "latin1");
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return block;
}

function padded(body: Buffer): Buffer {
  return Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

describe("LayerTarReader", () => {
  const big = Buffer.alloc(70_000, 7);
  big.write("distinct head");
  const longName = `./usr/share/${"very-long-directory-name/".repeat(6)}file.txt`;

  test("reads every kind of entry, whatever the chunk boundaries", async () => {
    const tar = await tarBytes([
      { name: "./", type: "directory" },
      { name: "./bin/", type: "directory", mode: 0o40755 },
      { name: "./bin/busybox", body: "BUSYBOX", mode: 0o755 },
      { name: "./bin/sh", type: "symlink", linkname: "busybox" },
      { name: "./bin/ash", type: "link", linkname: "./bin/busybox" },
      { name: "./data/big.bin", body: big, uid: 1000, gid: 1001 },
      { name: "./data/empty", body: "" },
      { name: "./data/.wh.old", body: "" },
      { name: "./var/.wh..wh..opq", body: "" },
      { name: "./dev/null", type: "character-device" },
      { name: longName, body: "long" },
    ]);
    const expected: LayerEntry[] = [
      { path: "/bin", type: "dir", size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: null, hash: null },
      { path: "/bin/busybox", type: "file", size: 7, mode: 0o755, uid: 0, gid: 0, linkTarget: null, hash: hashOf("BUSYBOX") },
      { path: "/bin/sh", type: "symlink", size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: "busybox", hash: null },
      { path: "/bin/ash", type: "hardlink", size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: "/bin/busybox", hash: null },
      { path: "/data/big.bin", type: "file", size: big.length, mode: 0o644, uid: 1000, gid: 1001, linkTarget: null, hash: hashOf(big) },
      { path: "/data/empty", type: "file", size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: hashOf("") },
      { path: "/data/old", type: "whiteout", size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: null },
      { path: "/var", type: "opaque", size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: null },
      { path: "/dev/null", type: "other", size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: null },
      { path: longName.slice(1), type: "file", size: 4, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: hashOf("long") },
    ];
    for (const size of [1, 7, 511, 512, 513, 4096, 65_536, tar.length]) {
      const { entries, reader } = readInChunks(tar, size);
      assert.deepEqual(entries, expected, `chunks of ${size} bytes`);
      assert.equal(reader.entryCount, expected.length);
      assert.equal(reader.contentBytes, 7 + big.length + 4);
    }
  });

  test("GNU long names and link names, and base-256 sizes", () => {
    const name = `opt/${"x".repeat(150)}/file`;
    const link = `opt/${"y".repeat(150)}/target`;
    const tar = Buffer.concat([
      gnuHeader({ name: "././@LongLink", flag: "L", size: name.length + 1 }),
      padded(Buffer.from(`${name}\0`)),
      gnuHeader({ name: "./short-name", flag: "0", size: 5, sizeBase256: true }),
      padded(Buffer.from("hello")),
      gnuHeader({ name: "././@LongLink", flag: "K", size: link.length }),
      padded(Buffer.from(link)),
      gnuHeader({ name: "./link", flag: "2", size: 0 }),
      Buffer.alloc(1024),
    ]);
    for (const size of [1, 100, tar.length]) {
      const { entries } = readInChunks(tar, size);
      assert.deepEqual(
        entries.map(({ path, type, size: bytes, linkTarget, hash }) => ({ path, type, size: bytes, linkTarget, hash })),
        [
          { path: `/${name}`, type: "file", size: 5, linkTarget: null, hash: hashOf("hello") },
          { path: "/link", type: "symlink", size: 0, linkTarget: link, hash: null },
        ],
      );
    }
  });

  test("a truncated tar or one that is not a tar fails", async () => {
    const tar = await tarBytes([{ name: "./a", body: "some content" }]);
    assert.throws(() => readInChunks(tar.subarray(0, 600), 100), /Unexpected end of data/);
    assert.throws(() => readInChunks(tar.subarray(0, 300), 100), /Unexpected end of data/);
    assert.throws(() => readInChunks(Buffer.alloc(1024, 0x41), 512), /Invalid tar header/);
  });
});

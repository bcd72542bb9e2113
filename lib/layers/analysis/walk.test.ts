import assert from "node:assert/strict";
import { Readable, Transform } from "node:stream";
import { describe, test } from "node:test";
import zlib from "node:zlib";
import xxhashWasm from "xxhash-wasm";
import { AppError } from "@/lib/errors";
import {
  FAKE_ZSTD_MAGIC,
  legacyArchive,
  ociArchive,
  podmanArchive,
  sha256,
  tarBytes,
  type SyntheticLayer,
} from "@/lib/layers/analysis/synthetic-archive";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { walkImageArchive, walkImageArchiveEvents, type WalkProgress, type WalkedLayer } from "@/lib/layers/analysis/walk";

/** A stream of `data` in small chunks, optionally after a delay (the engine preparing the archive). */
function streamOf(data: Buffer, { delayMs = 0, chunk = 1000 }: { delayMs?: number; chunk?: number } = {}): Readable {
  return Readable.from(
    (async function* () {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      for (let offset = 0; offset < data.length; offset += chunk) yield data.subarray(offset, offset + chunk);
    })(),
    { objectMode: false },
  );
}

async function walkCollecting(archive: Buffer, options: Partial<Parameters<typeof walkImageArchive>[0]> = {}) {
  const entries = new Map<string, LayerEntry[]>();
  const ended: WalkedLayer[] = [];
  const progress: WalkProgress[] = [];
  const result = await walkImageArchive(
    { open: () => streamOf(archive), ...options },
    {
      onEntries: ({ key, entries: batch }) => void entries.set(key, [...(entries.get(key) ?? []), ...batch]),
      onLayerEnd: (layer) => void ended.push(layer),
      onProgress: (item) => void progress.push(item),
    },
  );
  const byIndex = result.layers.map((layer) => entries.get(layer.key) ?? []);
  return { result, entries, byIndex, ended, progress };
}

let built: Promise<{ base: SyntheticLayer; middle: SyntheticLayer; top: SyntheticLayer }> | null = null;

/** Three small layers: a base with a symlink and a cache dir, a middle one with a hard link and an opaque dir, a top one with a whiteout. */
function fixtures() {
  built ??= (async () => ({
    base: {
      tar: await tarBytes([
        { name: "./", type: "directory" },
        { name: "./bin/", type: "directory" },
        { name: "./bin/busybox", body: "BUSYBOX", mode: 0o755 },
        { name: "./bin/sh", type: "symlink", linkname: "busybox" },
        { name: "./etc/passwd", body: "root:x:0:0::/root:/bin/sh\n", uid: 0, gid: 0 },
        { name: "./var/cache/", type: "directory" },
        { name: "./var/cache/a", body: "aaaa" },
      ]),
    },
    middle: {
      tar: await tarBytes([
        { name: "data/", type: "directory" },
        { name: "data/big.bin", body: Buffer.alloc(3000, 1), uid: 1000, gid: 1000 },
        { name: "data/link", type: "link", linkname: "data/big.bin" },
        { name: "var/cache/", type: "directory" },
        { name: "var/cache/.wh..wh..opq", body: "" },
        { name: "var/cache/b", body: "bb" },
      ]),
    },
    top: {
      tar: await tarBytes([
        { name: "data/", type: "directory" },
        { name: "data/.wh.big.bin", body: "" },
        { name: ".wh..wh.plnk/", type: "directory" },
        { name: "dev/null", type: "character-device" },
      ]),
    },
  }))();
  return built;
}

describe("walkImageArchive: legacy layout", () => {
  test("reads every layer, in the archive's order, and settles the stack from manifest and config", async () => {
    const { base, middle, top } = await fixtures();
    const { archive, imageId, diffIds, v1Ids } = await legacyArchive([base, middle, top]);
    const { result, byIndex, ended } = await walkCollecting(archive);

    assert.equal(result.imageId, imageId);
    assert.equal(result.layout, "legacy");
    assert.deepEqual(result.repoTags, ["test/image:1"]);
    assert.deepEqual(
      result.layers.map((layer) => [layer.index, layer.diffId, layer.v1Id, layer.status, layer.verified]),
      diffIds.map((diffId, index) => [index, diffId, v1Ids[index], "parsed", true]),
    );
    // Folders arrive in lexical order of their v1 IDs: here the top layer first.
    assert.deepEqual(
      ended.map((layer) => layer.v1Id),
      [...v1Ids].sort(),
    );
    assert.equal(result.layers[0]!.tarBytes, base.tar.length);
    assert.equal(result.bytesRead, archive.length);

    // Paths are normalised, the root entry dropped, types and metadata kept.
    assert.deepEqual(
      byIndex[0]!.map((entry) => [entry.path, entry.type]),
      [
        ["/bin", "dir"],
        ["/bin/busybox", "file"],
        ["/bin/sh", "symlink"],
        ["/etc/passwd", "file"],
        ["/var/cache", "dir"],
        ["/var/cache/a", "file"],
      ],
    );
    const busybox = byIndex[0]!.find((entry) => entry.path === "/bin/busybox")!;
    // xxHash64 of the content, also for a file that arrives in several chunks (3000 bytes in 1000-byte reads).
    const xxhash = await xxhashWasm();
    const contentHash = (data: Buffer) => xxhash.h64Raw(data).toString(16).padStart(16, "0");
    assert.equal(busybox.hash, contentHash(Buffer.from("BUSYBOX")));
    assert.equal(byIndex[1]!.find((entry) => entry.path === "/data/big.bin")!.hash, contentHash(Buffer.alloc(3000, 1)));
    assert.equal(busybox.size, 7);
    assert.equal(busybox.mode, 0o755);
    assert.equal(byIndex[0]!.find((entry) => entry.path === "/bin/sh")!.linkTarget, "busybox");

    // Whiteouts and opaque markers become deletion records; hard links name their target.
    const mid = byIndex[1]!;
    assert.deepEqual(
      mid.find((entry) => entry.path === "/data/link"),
      { path: "/data/link", type: "hardlink", size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: "/data/big.bin", hash: null },
    );
    assert.equal(mid.find((entry) => entry.path === "/data/big.bin")!.uid, 1000);
    assert.ok(mid.some((entry) => entry.type === "opaque" && entry.path === "/var/cache"));
    assert.deepEqual(
      byIndex[2]!.map((entry) => [entry.path, entry.type]),
      [
        ["/data", "dir"],
        ["/data/big.bin", "whiteout"],
        ["/dev/null", "other"],
      ],
      "the aufs `.wh..wh.plnk` directory is bookkeeping, not content",
    );
  });

  test("a layer ended after the config went by is placed at once", async () => {
    const { base, middle, top } = await fixtures();
    const { archive, diffIds } = await legacyArchive([base, middle, top]);
    const { ended } = await walkCollecting(archive);
    // The config `<hex>.json` sorts among the folders; every layer after it knows its index.
    for (const layer of ended) {
      if (layer.stackIndexes !== null) assert.deepEqual(layer.stackIndexes, [diffIds.indexOf(layer.diffId!)]);
    }
  });

  test("a repeated layer is written once and linked; both positions get its entries' key", async () => {
    const { base, middle } = await fixtures();
    const { archive, diffIds } = await legacyArchive([base, middle, base]);
    const { result } = await walkCollecting(archive);
    assert.equal(result.layers.length, 3);
    assert.equal(result.layers[2]!.diffId, diffIds[0]);
    assert.equal(result.layers[2]!.key, result.layers[0]!.key);
    assert.deepEqual(result.layers[0]!.stackIndexes, [0, 2]);
  });

  test("skipLayer drains a known layer without parsing it; its diff ID still comes from the config", async () => {
    const { base, middle, top } = await fixtures();
    const { archive, diffIds, v1Ids } = await legacyArchive([base, middle, top]);
    const known = new Map([[v1Ids[0]!, diffIds[0]!]]);
    const { result, entries } = await walkCollecting(archive, { skipLayer: (layer) => known.has(layer.v1Id ?? "") });
    assert.equal(result.layers[0]!.status, "skipped");
    assert.equal(result.layers[0]!.diffId, diffIds[0]);
    assert.equal(result.layers[0]!.verified, false);
    assert.equal(entries.has(result.layers[0]!.key), false);
    assert.equal(result.layers[1]!.status, "parsed");
  });

  test("a layer whose bytes do not match the config fails the walk", async () => {
    const { base, middle } = await fixtures();
    const { archive } = await legacyArchive([base, middle]);
    // Swap the config's diff IDs: both layers hash to the other position's ID.
    const text = archive.toString("latin1");
    const [first, second] = [`sha256:${sha256(base.tar)}`, `sha256:${sha256(middle.tar)}`];
    const swapped = Buffer.from(text.split(first).join("@@").split(second).join(first).split("@@").join(second), "latin1");
    await assert.rejects(
      walkImageArchive({ open: () => streamOf(swapped) }),
      (error: unknown) => error instanceof AppError && error.code === "upstream:image" && /hashes to/.test(error.message),
    );
  });

  test("a truncated archive is an error, not a partial result", async () => {
    const { base, middle } = await fixtures();
    const { archive } = await legacyArchive([base, middle]);
    await assert.rejects(walkImageArchive({ open: () => streamOf(archive.subarray(0, archive.length - 3000)) }));
  });

  test("entries come in batches of batchSize", async () => {
    const { base } = await fixtures();
    const { archive } = await legacyArchive([base]);
    const sizes: number[] = [];
    await walkImageArchive(
      { open: () => streamOf(archive), batchSize: 4 },
      { onEntries: ({ entries }) => void sizes.push(entries.length) },
    );
    assert.deepEqual(sizes, [4, 2]);
  });
});

describe("walkImageArchive: OCI layout and compression", () => {
  test("gzip blobs are sniffed and unpacked; the stack follows index.json", async () => {
    const { base, middle, top } = await fixtures();
    const { archive, imageId, diffIds, blobDigests } = await ociArchive([
      { ...base, compress: "gzip" },
      { ...middle, compress: "gzip" },
      top,
    ]);
    const { result, byIndex } = await walkCollecting(archive);
    assert.equal(result.layout, "oci");
    assert.equal(result.imageId, imageId);
    assert.deepEqual(result.repoTags, ["test/oci:1"]);
    assert.deepEqual(
      result.layers.map((layer) => [layer.diffId, layer.compression, layer.blobDigest]),
      [
        [diffIds[0], "gzip", blobDigests[0]],
        [diffIds[1], "gzip", blobDigests[1]],
        [diffIds[2], "none", blobDigests[2]],
      ],
    );
    assert.equal(byIndex[1]!.find((entry) => entry.path === "/data/big.bin")!.size, 3000);
    // An uncompressed blob's digest is its diff ID.
    assert.equal(blobDigests[2], diffIds[2]);
  });

  test("Docker 25's manifest.json is used when present", async () => {
    const { base, top } = await fixtures();
    const { archive, diffIds } = await ociArchive([base, top], { withDockerManifest: true });
    const { result } = await walkCollecting(archive);
    assert.deepEqual(
      result.layers.map((layer) => layer.diffId),
      diffIds,
    );
    assert.deepEqual(result.repoTags, ["test/oci:1"]);
  });

  test("zstd without a decoder: the layer is reported unsupported and the walk goes on", async (t) => {
    const { base, middle } = await fixtures();
    const zlibHasZstd = typeof (zlib as unknown as { createZstdDecompress?: unknown }).createZstdDecompress === "function";
    if (zlibHasZstd) t.skip("this Node's zlib decodes zstd");
    const { archive, diffIds } = await ociArchive([base, { ...middle, compress: "fake-zstd" }]);
    const { result, entries } = await walkCollecting(archive);
    assert.equal(result.layers[1]!.status, "unsupported");
    assert.equal(result.layers[1]!.compression, "zstd");
    assert.match(result.layers[1]!.note ?? "", /zstd/);
    assert.equal(result.layers[1]!.diffId, diffIds[1]);
    assert.equal(entries.has(result.layers[1]!.key), false);
    assert.equal(result.layers[0]!.status, "parsed");
  });

  test("a zstd decoder can be plugged in", async () => {
    const { middle } = await fixtures();
    const { archive, diffIds } = await ociArchive([{ ...middle, compress: "fake-zstd" }]);
    // The fake frame is the zstd magic followed by the plain tar: the "decoder" drops the magic.
    const stripFakeZstd = () => {
      let skipped = 0;
      return new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          const drop = Math.min(FAKE_ZSTD_MAGIC.length - skipped, chunk.length);
          skipped += drop;
          callback(null, chunk.subarray(drop));
        },
      });
    };
    const { result, byIndex } = await walkCollecting(archive, { decompressors: { zstd: stripFakeZstd } });
    assert.equal(result.layers[0]!.status, "parsed");
    assert.equal(result.layers[0]!.compression, "zstd");
    assert.equal(result.layers[0]!.diffId, diffIds[0]);
    assert.ok(byIndex[0]!.some((entry) => entry.path === "/data/big.bin"));
  });

  test("skipLayer by blob digest", async () => {
    const { base, top } = await fixtures();
    const { archive, blobDigests } = await ociArchive([base, top]);
    const { result } = await walkCollecting(archive, { skipLayer: (layer) => layer.blobDigest === blobDigests[0] });
    assert.deepEqual(
      result.layers.map((layer) => layer.status),
      ["skipped", "parsed"],
    );
  });

  test("an archive with neither manifest.json nor index.json is refused", async () => {
    const junk = await tarBytes([{ name: "hello.txt", body: "hi" }]);
    await assert.rejects(walkImageArchive({ open: () => streamOf(junk) }), /neither manifest.json nor index.json/);
  });
});

describe("walkImageArchive: layers identified by name (diffIds given) skip the diff-ID hash", () => {
  test("legacy: lower layers by their Docker v1 IDs, the top by its json's parent; entries as when hashed", async () => {
    const { base, middle, top } = await fixtures();
    const { archive, diffIds } = await legacyArchive([base, middle, top], { dockerV1Ids: true });
    const hashed = await walkCollecting(archive);
    const named = await walkCollecting(archive, { diffIds });
    assert.deepEqual(
      hashed.result.layers.map((layer) => [layer.diffId, layer.verified]),
      diffIds.map((diffId) => [diffId, true]),
    );
    assert.deepEqual(
      named.result.layers.map((layer) => [layer.diffId, layer.status, layer.hashed, layer.verified]),
      diffIds.map((diffId) => [diffId, "parsed", false, false]),
    );
    assert.deepEqual(named.byIndex, hashed.byIndex);
  });

  test("legacy: folders the names do not settle are hashed (other v1 IDs, a top whose parent is unknown)", async () => {
    const { base, middle, top } = await fixtures();
    const { archive, diffIds } = await legacyArchive([base, middle, top]);
    const { result } = await walkCollecting(archive, { diffIds });
    assert.deepEqual(
      result.layers.map((layer) => layer.hashed),
      [true, true, true],
    );
  });

  test("a caller's list that disagrees with the archive never mislabels a layer", async () => {
    const { base, middle, top } = await fixtures();
    const { archive, diffIds } = await legacyArchive([base, middle, top], { dockerV1Ids: true });
    const other = `sha256:${sha256("other")}`;
    // A wrong lower layer changes every name above it: those layers are hashed, and come out right.
    const { result } = await walkCollecting(archive, { diffIds: [diffIds[0]!, other, diffIds[2]!] });
    assert.deepEqual(
      result.layers.map((layer) => [layer.diffId, layer.hashed]),
      [
        [diffIds[0], false],
        [diffIds[1], true],
        [diffIds[2], true],
      ],
    );
    // A wrong top layer is caught against the archive's config at the end.
    await assert.rejects(
      walkCollecting(archive, { diffIds: [diffIds[0]!, diffIds[1]!, other] }),
      (error: unknown) => error instanceof AppError && /is named as .* but the config says/.test(error.message),
    );
  });

  test("OCI: an uncompressed blob named by a listed diff ID is not hashed; a gzip blob is", async () => {
    const { base, top } = await fixtures();
    const { archive, diffIds } = await ociArchive([base, { ...top, compress: "gzip" }]);
    const { result } = await walkCollecting(archive, { diffIds });
    assert.deepEqual(
      result.layers.map((layer) => [layer.diffId, layer.hashed]),
      [
        [diffIds[0], false],
        [diffIds[1], true],
      ],
    );
  });
});

describe("walkImageArchive: Podman's docker-archive", () => {
  test("layers named `<diff-id>.tar` are parsed, verified and named by their digest before their bytes", async () => {
    const { base, middle, top } = await fixtures();
    const { archive, diffIds, imageId } = await podmanArchive([base, middle, top]);
    const { result, byIndex } = await walkCollecting(archive);
    assert.equal(result.imageId, imageId);
    assert.deepEqual(
      result.layers.map((layer) => [layer.status, layer.diffId, layer.verified, layer.blobDigest]),
      diffIds.map((diffId) => ["parsed", diffId, true, diffId]),
    );
    assert.ok(byIndex[0]!.some((entry) => entry.path === "/bin/busybox"));
    assert.ok(byIndex[2]!.some((entry) => entry.type === "whiteout" && entry.path === "/data/big.bin"));
  });

  test("a layer already known by its digest is skipped; a repeated layer is written once", async () => {
    const { base, middle } = await fixtures();
    const { archive, diffIds } = await podmanArchive([base, middle, base]);
    const offered: (string | null)[] = [];
    const { result, entries } = await walkCollecting(archive, {
      skipLayer: (layer) => (offered.push(layer.blobDigest), layer.blobDigest === diffIds[0]),
    });
    assert.deepEqual(offered, [diffIds[0], diffIds[1]]);
    assert.deepEqual(
      result.layers.map((layer) => [layer.status, layer.diffId]),
      [
        ["skipped", diffIds[0]],
        ["parsed", diffIds[1]],
        ["skipped", diffIds[0]],
      ],
    );
    assert.equal(entries.has(result.layers[0]!.key), false);
  });
});

describe("progress and the event iterator", () => {
  test("the engine's preparation shows as its own phase before any byte", async () => {
    const { base, middle, top } = await fixtures();
    const { archive } = await legacyArchive([base, middle, top]);
    const progress: WalkProgress[] = [];
    const result = await walkImageArchive(
      // 400 ms of preparing at a 20 ms tick: about 20 ticks, so a loaded machine still shows several.
      { open: () => streamOf(archive, { delayMs: 400, chunk: 512 }), totalBytes: archive.length, progressIntervalMs: 20 },
      { onProgress: (item) => void progress.push(item) },
    );
    const preparing = progress.filter((item) => item.phase === "preparing");
    assert.ok(preparing.length >= 3, `${preparing.length} preparing ticks`);
    assert.ok(preparing.every((item) => item.bytesRead === 0 && item.preparingMs === null));
    assert.ok(progress.some((item) => item.phase === "reading" && item.layer !== null));
    const last = progress[progress.length - 1]!;
    assert.equal(last.phase, "done");
    assert.equal(last.bytesRead, archive.length);
    assert.equal(last.totalBytes, archive.length);
    assert.equal(last.layersTotal, 3);
    assert.ok(result.preparingMs >= 390, `preparingMs ${result.preparingMs}`);
  });

  test("events arrive in order and end with the result", async () => {
    const { base, middle } = await fixtures();
    const { archive } = await legacyArchive([base, middle]);
    const types: string[] = [];
    for await (const event of walkImageArchiveEvents({ open: () => streamOf(archive) })) {
      if (event.type !== "progress") types.push(event.type);
    }
    assert.deepEqual(types, ["layer-start", "entries", "layer-end", "layer-start", "entries", "layer-end", "done"]);
  });

  test("breaking out of the events closes the engine's stream", async () => {
    const { base, middle, top } = await fixtures();
    const { archive } = await legacyArchive([base, middle, top]);
    const source = streamOf(archive, { chunk: 256 });
    for await (const event of walkImageArchiveEvents({ open: () => source })) {
      if (event.type === "entries") break;
    }
    assert.equal(source.destroyed, true);
  });

  test("an abort signal stops the walk", async () => {
    const { base, middle } = await fixtures();
    const { archive } = await legacyArchive([base, middle]);
    const controller = new AbortController();
    const walking = walkImageArchive(
      { open: () => streamOf(archive, { delayMs: 50 }), signal: controller.signal },
      { onLayerStart: () => controller.abort(new Error("stop")) },
    );
    await assert.rejects(walking, /stop/);
  });
});

describe("entry metadata", () => {
  test("the engine's file-type bits are dropped from modes (Go's archive/tar writes 0040755 for a directory)", async () => {
    // tar-stream's pack masks modes to 0o7777, so the engine's header is patched in by hand.
    const tar = await tarBytes([
      { name: "www/", type: "directory", mode: 0o755 },
      { name: "www/run", mode: 0o4755 },
    ]);
    withMode(tar, 0, "0040755");
    withMode(tar, 512, "0104755");
    const layer = { tar };
    const { archive } = await legacyArchive([layer]);
    const { byIndex } = await walkCollecting(archive);
    assert.deepEqual(
      byIndex[0]!.map((entry) => [entry.path, entry.mode]),
      [
        ["/www", 0o755],
        ["/www/run", 0o4755],
      ],
    );
  });
});

/** Rewrites the mode field of the tar header at `offset` and fixes its checksum. */
function withMode(tar: Buffer, offset: number, octal: string): void {
  tar.write(`${octal}\0`, offset + 100, "latin1");
  tar.fill(0x20, offset + 148, offset + 156);
  let sum = 0;
  for (let index = offset; index < offset + 512; index++) sum += tar[index]!;
  tar.write(`${sum.toString(8).padStart(6, "0")}\0 `, offset + 148, "latin1");
}

describe("broken layers fail the walk instead of hanging it", () => {
  test("a layer that is not a tar", async () => {
    const { archive } = await legacyArchive([{ tar: Buffer.alloc(4096, 0x41) }]);
    await assert.rejects(walkImageArchive({ open: () => streamOf(archive) }));
  });

  test("a corrupt gzip layer", async () => {
    const tar = await tarBytes([{ name: "a", body: Buffer.alloc(100_000, 7) }]);
    const { archive } = await ociArchive([{ tar, compress: "gzip" }]);
    // Zero the second half of the blob inside the archive (the outer tar stays valid).
    const gz = zlib.gzipSync(tar);
    const at = archive.indexOf(gz.subarray(0, 64));
    assert.ok(at > 0);
    archive.fill(0, at + Math.floor(gz.length / 2), at + gz.length);
    await assert.rejects(walkImageArchive({ open: () => streamOf(archive) }));
  });
});

import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { pack, type Header } from "tar-stream";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { nonTopV1Ids } from "@/lib/layers/v1-id";

/**
 * Test inputs only: small layer tars and `docker save` archives made in memory with tar-stream's
 * pack, shaped like the engine's (legacy: `<v1>/layer.tar` folders in lexical order, config
 * mid-stream, `manifest.json` last; Podman: `<diff-id>.tar` files first; OCI: `blobs/sha256/…` then
 * `index.json`).
 */

/** A file in a synthetic layer; `type` defaults to a regular file. */
export type SyntheticEntry = Partial<Omit<Header, "name">> & { name: string; body?: string | Buffer };

export async function tarBytes(entries: readonly SyntheticEntry[]): Promise<Buffer> {
  const archive = pack();
  const done = collect(archive);
  for (const { body, ...header } of entries) {
    const type = header.type ?? "file";
    // A file entry without a body would wait for its data to be written: give it an empty one.
    const data = body === undefined ? (type === "file" ? Buffer.alloc(0) : undefined) : Buffer.from(body);
    const full = { mode: type === "directory" ? 0o755 : 0o644, ...header, type, size: data?.length ?? 0 };
    await new Promise<void>((resolve, reject) => {
      const callback = (error?: Error | null) => (error ? reject(error) : resolve());
      if (data) archive.entry(full, data, callback);
      else archive.entry(full, callback);
    });
  }
  archive.finalize();
  return done;
}

export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export type SyntheticLayer = { tar: Buffer; compress?: "gzip" | "fake-zstd" };

/** A zstd frame's magic number in front of a plain tar: enough for sniffing (see `stripFakeZstd`). */
export const FAKE_ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

function blobOf(layer: SyntheticLayer): Buffer {
  if (layer.compress === "gzip") return gzipSync(layer.tar);
  if (layer.compress === "fake-zstd") return Buffer.concat([FAKE_ZSTD_MAGIC, layer.tar]);
  return layer.tar;
}

function configOf(layers: readonly SyntheticLayer[], history?: unknown[]): { body: Buffer; hex: string; diffIds: string[] } {
  const diffIds = layers.map((layer) => `sha256:${sha256(layer.tar)}`);
  const config = {
    architecture: "amd64",
    os: "linux",
    rootfs: { type: "layers", diff_ids: diffIds },
    history: history ?? layers.map((_, index) => ({ created_by: `/bin/sh -c step ${index}` })),
  };
  const body = Buffer.from(JSON.stringify(config));
  return { body, hex: sha256(body), diffIds };
}

/**
 * A legacy `docker save` archive. v1 IDs are chosen so that lexical order differs from stack
 * order (as the engine's do); a diff ID that repeats is written once and linked, as Docker does.
 */
export async function legacyArchive(
  layers: readonly SyntheticLayer[],
  {
    history,
    repoTags = ["test/image:1"],
    dockerV1Ids = false,
  }: {
    history?: unknown[];
    repoTags?: string[];
    /** Name the folders as Docker does (lib/layers/v1-id.ts below the top; the top from the config). */
    dockerV1Ids?: boolean;
  } = {},
): Promise<{ archive: Buffer; imageId: string; diffIds: string[]; v1Ids: string[] }> {
  const { body: configBody, hex, diffIds } = configOf(layers, history);
  // Reverse-sorted IDs: the base layer's folder comes last in the archive.
  const v1Ids = dockerV1Ids
    ? [...nonTopV1Ids(diffIds).slice(0, -1), sha256(`top-${hex}`)]
    : layers.map((_, index) => sha256(`v1-${layers.length - index}`)).map((id, index) => `${"fedcba9876543210"[index % 16]}${id.slice(1)}`);
  const files: SyntheticEntry[] = [];
  const firstFolderOf = new Map<string, string>();
  layers.forEach((layer, index) => {
    const v1 = v1Ids[index]!;
    files.push({ name: `${v1}/`, type: "directory" });
    files.push({ name: `${v1}/VERSION`, body: "1.0" });
    files.push({ name: `${v1}/json`, body: JSON.stringify({ id: v1, parent: index > 0 ? v1Ids[index - 1] : undefined }) });
    const first = firstFolderOf.get(diffIds[index]!);
    if (first) files.push({ name: `${v1}/layer.tar`, type: "symlink", linkname: `../${first}/layer.tar` });
    else {
      firstFolderOf.set(diffIds[index]!, v1);
      files.push({ name: `${v1}/layer.tar`, body: blobOf(layer) });
    }
  });
  files.push({ name: `${hex}.json`, body: configBody });
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const manifest = [{ Config: `${hex}.json`, RepoTags: repoTags, Layers: v1Ids.map((id) => `${id}/layer.tar`) }];
  files.push({ name: "manifest.json", body: JSON.stringify(manifest) });
  files.push({ name: "repositories", body: "{}" });
  return { archive: await tarBytes(files), imageId: `sha256:${hex}`, diffIds, v1Ids };
}

/**
 * Podman's `docker save` (containers/image's docker-archive writer, Podman 4): each layer once,
 * uncompressed, as `<diff-id-hex>.tar` at the top level, then the config, a `<v1-id>/` folder per
 * layer whose `layer.tar` is a symlink to `../<diff-id-hex>.tar`, and `manifest.json` naming the
 * `<diff-id-hex>.tar` files.
 */
export async function podmanArchive(
  layers: readonly SyntheticLayer[],
  { repoTags = ["localhost/test/podman:1"] }: { repoTags?: string[] } = {},
): Promise<{ archive: Buffer; imageId: string; diffIds: string[]; v1Ids: string[] }> {
  const { body: configBody, hex, diffIds } = configOf(layers);
  const v1Ids = layers.map((_, index) => sha256(`podman-v1-${hex}-${index}`));
  const files: SyntheticEntry[] = [];
  const written = new Set<string>();
  for (const layer of layers) {
    const name = `${sha256(layer.tar)}.tar`;
    if (written.has(name)) continue;
    written.add(name);
    files.push({ name, body: layer.tar });
  }
  files.push({ name: `${hex}.json`, body: configBody });
  layers.forEach((layer, index) => {
    const v1 = v1Ids[index]!;
    files.push({ name: `${v1}/layer.tar`, type: "symlink", linkname: `../${sha256(layer.tar)}.tar` });
    files.push({ name: `${v1}/VERSION`, body: "1.0" });
    files.push({ name: `${v1}/json`, body: JSON.stringify({ id: v1, parent: index > 0 ? v1Ids[index - 1] : undefined }) });
  });
  const manifest = [{ Config: `${hex}.json`, RepoTags: repoTags, Layers: diffIds.map((id) => `${id.slice(7)}.tar`) }];
  files.push({ name: "manifest.json", body: JSON.stringify(manifest) });
  files.push({ name: "repositories", body: "{}" });
  return { archive: await tarBytes(files), imageId: `sha256:${hex}`, diffIds, v1Ids };
}

/** An OCI-layout archive (`blobs/sha256/…`, `index.json`), optionally with Docker 25's `manifest.json`. */
export async function ociArchive(
  layers: readonly SyntheticLayer[],
  { withDockerManifest = false }: { withDockerManifest?: boolean } = {},
): Promise<{ archive: Buffer; imageId: string; diffIds: string[]; blobDigests: string[] }> {
  const { body: configBody, hex, diffIds } = configOf(layers);
  const blobs = new Map<string, Buffer>();
  const blobDigests = layers.map((layer) => {
    const blob = blobOf(layer);
    const digest = sha256(blob);
    blobs.set(digest, blob);
    return `sha256:${digest}`;
  });
  blobs.set(hex, configBody);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${hex}`, size: configBody.length },
      layers: blobDigests.map((digest) => ({
        mediaType: "application/vnd.oci.image.layer.v1.tar",
        digest,
        size: blobs.get(digest.slice(7))!.length,
      })),
    }),
  );
  const manifestHex = sha256(manifest);
  blobs.set(manifestHex, manifest);
  const files: SyntheticEntry[] = [
    { name: "blobs/", type: "directory" },
    { name: "blobs/sha256/", type: "directory" },
  ];
  for (const digest of [...blobs.keys()].sort()) files.push({ name: `blobs/sha256/${digest}`, body: blobs.get(digest)! });
  files.push({
    name: "index.json",
    body: JSON.stringify({
      schemaVersion: 2,
      manifests: [{ digest: `sha256:${manifestHex}`, annotations: { "io.containerd.image.name": "test/oci:1" } }],
    }),
  });
  if (withDockerManifest) {
    files.push({
      name: "manifest.json",
      body: JSON.stringify([
        { Config: `blobs/sha256/${hex}`, RepoTags: ["test/oci:1"], Layers: blobDigests.map((digest) => `blobs/sha256/${digest.slice(7)}`) },
      ]),
    });
  }
  files.push({ name: "oci-layout", body: '{"imageLayoutVersion":"1.0.0"}' });
  return { archive: await tarBytes(files), imageId: `sha256:${hex}`, diffIds, blobDigests };
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** `LayerEntry` builders for the pure modules' tests: content is given as text or a size. */
export const layerEntry = {
  file(path: string, content: string | number, extra: Partial<LayerEntry> = {}): LayerEntry {
    const size = typeof content === "number" ? content : Buffer.byteLength(content);
    const hash = sha256(typeof content === "number" ? `${path}:${content}` : content);
    return { path, type: "file", size, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash, ...extra };
  },
  dir(path: string, extra: Partial<LayerEntry> = {}): LayerEntry {
    return { path, type: "dir", size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: null, hash: null, ...extra };
  },
  symlink(path: string, target: string): LayerEntry {
    return { path, type: "symlink", size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: target, hash: null };
  },
  hardlink(path: string, target: string): LayerEntry {
    return { path, type: "hardlink", size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: target, hash: null };
  },
  whiteout(path: string): LayerEntry {
    return { path, type: "whiteout", size: 0, mode: 0, uid: 0, gid: 0, linkTarget: null, hash: null };
  },
  opaque(path: string): LayerEntry {
    return { path, type: "opaque", size: 0, mode: 0, uid: 0, gid: 0, linkTarget: null, hash: null };
  },
};

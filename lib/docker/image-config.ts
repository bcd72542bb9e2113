import "server-only";
import type { Readable } from "node:stream";
import { extract, type Header } from "tar-stream";
import { getDocker } from "@/lib/docker/client";

export type ConfigHistoryEntry = {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
};

type ImageConfigBlob = { history?: ConfigHistoryEntry[]; rootfs?: { diff_ids?: string[] } };

const MAX_METADATA_ENTRY = 4 * 1024 * 1024;

/**
 * Reads an image's config blob (the JSON whose `history[].empty_layer` flags say which steps made
 * layers) from `docker save`, because neither the inspect nor the history endpoint returns it.
 *
 * The archive is read as a stream and abandoned as soon as the config is seen; layer tarballs are
 * skipped without being held in memory. Both layouts are handled: the legacy one (Docker ≤ 24,
 * `<config-hex>.json` at the top) and OCI (Docker 25+, `blobs/sha256/<config-hex>`); in both the
 * config's digest is the image ID, and manifest.json names it when it is not.
 */
export async function readImageConfigFromSave(imageId: string): Promise<ImageConfigBlob> {
  const hex = imageId.replace(/^sha256:/, "");
  const wanted = new Set([`${hex}.json`, `blobs/sha256/${hex}`]);
  const archive = (await getDocker().getImage(imageId).get()) as unknown as Readable;
  const entries = extract();
  const smallJson = new Map<string, Buffer>();

  return await new Promise<ImageConfigBlob>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, config?: ImageConfigBlob) => {
      if (settled) return;
      settled = true;
      archive.unpipe(entries);
      archive.destroy();
      entries.destroy();
      if (error) reject(error);
      else resolve(config!);
    };

    entries.on("entry", (header: Header, stream, next) => {
      const name = header.name.replace(/^\.\//, "");
      const keep = header.type === "file" && (header.size ?? 0) <= MAX_METADATA_ENTRY && !name.endsWith("layer.tar");
      if (!keep) {
        stream.on("end", next);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on("end", () => {
        const body = Buffer.concat(chunks);
        if (wanted.has(name)) {
          try {
            finish(null, JSON.parse(body.toString("utf8")) as ImageConfigBlob);
          } catch (error) {
            finish(error as Error);
          }
          return;
        }
        smallJson.set(name, body);
        next();
      });
    });
    entries.on("finish", () => {
      // The image ID was not a config digest (e.g. the containerd image store): follow manifest.json.
      try {
        const manifest = JSON.parse(smallJson.get("manifest.json")?.toString("utf8") ?? "[]") as { Config?: string }[];
        const configPath = manifest[0]?.Config;
        const body = configPath ? smallJson.get(configPath) : undefined;
        if (!body) throw new Error(`the saved archive of ${imageId} has no image config`);
        finish(null, JSON.parse(body.toString("utf8")) as ImageConfigBlob);
      } catch (error) {
        finish(error as Error);
      }
    });
    entries.on("error", (error: Error) => finish(error));
    archive.on("error", (error: Error) => finish(error));
    archive.pipe(entries);
  });
}

import type { FleetDigest, FleetEngine, FleetHolder, FleetImage, FleetImages, FleetStaleTag } from "@/lib/fleet/types";
import { familiarString, parseReference } from "@/lib/reference/reference";

// The fleet view is pure data: what each engine listed, grouped by image ID across engines (the
// ID is the config digest, so the same ID is the same image wherever it is), with the repo digests
// that say "same content" and the tags that say "same name, other image" (stale).

/** An engine as the fleet view names it. */
export type FleetEngineIdentity = Pick<FleetEngine, "id" | "name" | "host" | "kind" | "default">;

/** What one engine's image and container lists said, or why it could not be read. */
export type EngineReading =
  | {
      engine: FleetEngineIdentity;
      state: "up";
      images: readonly { id: string; repoTags: readonly string[]; repoDigests: readonly string[]; created: number; size: number }[];
      containers: readonly { imageId: string; running: boolean }[];
    }
  | { engine: FleetEngineIdentity; state: "down"; error: string };

/**
 * A reference in Docker's familiar form, so the names engines give the same image match: Podman
 * lists `docker.io/library/busybox:1` where Docker lists `busybox:1`. Anything that does not parse
 * (the engine's `<none>` placeholders are dropped before) is kept as it is.
 *
 * @example familiarReference("docker.io/library/busybox:1") // "busybox:1"
 */
export function familiarReference(reference: string): string {
  try {
    return familiarString(parseReference(reference));
  } catch {
    return reference;
  }
}

function references(values: readonly string[]): string[] {
  return values.filter((value) => !value.startsWith("<none>")).map(familiarReference);
}

function union(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}

/**
 * Every image across the engines, one entry per image ID with the engines that hold it (container
 * counts and size each), the tags that point elsewhere on engines that lack it, and every repo
 * digest with the engines (and local IDs) that carry it. Engines are listed in the order given;
 * images by name, untagged ones last (newest first).
 *
 * @example buildFleet([{ engine, state: "up", images: [...], containers: [] }]).images[0].engines
 */
export function buildFleet(readings: readonly EngineReading[]): FleetImages {
  const engines: FleetEngine[] = readings.map((reading) =>
    reading.state === "up"
      ? { ...reading.engine, state: "up", images: reading.images.length }
      : { ...reading.engine, state: "down", error: reading.error },
  );
  const byId = new Map<string, { created: number; holders: FleetHolder[]; digests: string[][] }>();
  // engine id → familiar tag → image ID there
  const tagsByEngine = new Map<string, Map<string, string>>();
  const digests = new Map<string, FleetDigest>();

  for (const reading of readings) {
    if (reading.state !== "up") continue;
    const { engine } = reading;
    const containers = new Map<string, { total: number; running: number }>();
    for (const container of reading.containers) {
      const count = containers.get(container.imageId) ?? { total: 0, running: 0 };
      count.total++;
      if (container.running) count.running++;
      containers.set(container.imageId, count);
    }
    const tags = new Map<string, string>();
    tagsByEngine.set(engine.id, tags);
    for (const image of reading.images) {
      const repoTags = references(image.repoTags);
      const repoDigests = references(image.repoDigests);
      for (const tag of repoTags) tags.set(tag, image.id);
      const count = containers.get(image.id);
      const entry = byId.get(image.id) ?? { created: image.created, holders: [], digests: [] };
      entry.holders.push({
        id: engine.id,
        name: engine.name,
        containers: count?.total ?? 0,
        running: count?.running ?? 0,
        size: image.size,
        repoTags,
      });
      entry.digests.push(repoDigests);
      byId.set(image.id, entry);
      for (const digest of repoDigests) {
        const group = digests.get(digest) ?? { digest, engines: [] };
        group.engines.push({ id: engine.id, name: engine.name, imageId: image.id });
        digests.set(digest, group);
      }
    }
  }

  const images: FleetImage[] = [...byId].map(([id, entry]) => {
    const repoTags = union(entry.holders.map((holder) => holder.repoTags));
    const holding = new Set(entry.holders.map((holder) => holder.id));
    const stale: FleetStaleTag[] = [];
    for (const engine of engines) {
      if (engine.state !== "up" || holding.has(engine.id)) continue;
      const tags = tagsByEngine.get(engine.id);
      for (const tag of repoTags) {
        const other = tags?.get(tag);
        if (other !== undefined && other !== id) stale.push({ engine: engine.id, engineName: engine.name, tag, imageId: other });
      }
    }
    return { id, repoTags, repoDigests: union(entry.digests), created: entry.created, engines: entry.holders, stale };
  });
  images.sort(
    (a, b) =>
      Number(a.repoTags.length === 0) - Number(b.repoTags.length === 0) ||
      (a.repoTags[0] ?? "").localeCompare(b.repoTags[0] ?? "") ||
      b.created - a.created ||
      a.id.localeCompare(b.id),
  );
  return { engines, images, digests: [...digests.values()].sort((a, b) => a.digest.localeCompare(b.digest)) };
}

/**
 * The images whose tags, repo digests or ID contain `q` (case-insensitive; an ID with or
 * without `sha256:`). An empty query keeps everything.
 *
 * @example filterFleetImages(fleet.images, "seed/web").map((image) => image.repoTags[0]) // ["seed/web:1", "seed/web:2"]
 */
export function filterFleetImages(images: readonly FleetImage[], q: string | undefined): FleetImage[] {
  const needle = q?.trim().toLowerCase() ?? "";
  if (needle === "") return [...images];
  const bareId = needle.replace(/^sha256:/, "");
  return images.filter(
    (image) =>
      image.repoTags.some((tag) => tag.toLowerCase().includes(needle)) ||
      image.repoDigests.some((digest) => digest.toLowerCase().includes(needle)) ||
      (/^[0-9a-f]+$/.test(bareId) && image.id.replace(/^sha256:/, "").startsWith(bareId)),
  );
}

/** What a matrix cell shows for one image on one engine. */
export type FleetCell =
  | { state: "holds"; holder: FleetHolder }
  | { state: "stale"; tags: FleetStaleTag[] }
  | { state: "missing" }
  | { state: "down"; error: string };

/**
 * The cell of an image on an engine: held (with its containers), stale (a tag of the image names
 * another image there), missing, or unknown because the engine is down.
 *
 * @example fleetCell(image, engine).state // "holds"
 */
export function fleetCell(image: FleetImage, engine: FleetEngine): FleetCell {
  if (engine.state === "down") return { state: "down", error: engine.error ?? "the engine is down" };
  const holder = image.engines.find((candidate) => candidate.id === engine.id);
  if (holder) return { state: "holds", holder };
  const tags = image.stale.filter((entry) => entry.engine === engine.id);
  return tags.length ? { state: "stale", tags } : { state: "missing" };
}

/**
 * Where a copy of the image to another engine comes from, and the reference to save there: an
 * engine that holds it (the default engine first, then the order of the list), by its first tag
 * there so the tag travels with the image (`docker save` of an ID loads it untagged).
 *
 * @example copySource(image, fleet.engines) // { engine: "default", engineName: "local", reference: "seed/web:1" }
 */
export function copySource(
  image: FleetImage,
  engines: readonly FleetEngine[],
): { engine: string; engineName: string; host: string; reference: string } | null {
  const up = engines.filter((engine) => engine.state === "up");
  const ordered = [...up.filter((engine) => engine.default), ...up.filter((engine) => !engine.default)];
  for (const engine of ordered) {
    const holder = image.engines.find((candidate) => candidate.id === engine.id);
    if (holder) return { engine: engine.id, engineName: engine.name, host: engine.host, reference: holder.repoTags[0] ?? image.id };
  }
  return null;
}

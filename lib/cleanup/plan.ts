import { buildLayerLedger, freedBytes, freedChains, type LayerLedger } from "@/lib/cleanup/ledger";
import type {
  CleanupItem,
  CleanupKeep,
  CleanupPlanRequest,
  CleanupRules,
  PlannerBuildCacheRecord,
  PlannerContainer,
  PlannerImage,
  PlannerVolume,
} from "@/lib/cleanup/types";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format/bytes";
import type { ImageLayers } from "@/lib/layers/sharing";

const DAY_SECONDS = 86_400;
/** Container states in which `docker container rm` (without force) succeeds. */
const STOPPED_STATES = new Set(["created", "exited", "dead"]);

/**
 * A keep pattern as a regular expression over a whole reference. Path-glob libraries (picomatch,
 * minimatch) stop `*` at `/`, but a reference is not a path: `*:latest` must keep
 * `registry.example.com/team/app:latest` too, so `*` here matches any run of characters.
 *
 * @example referencePattern("*:latest").test("seed/web:latest") // true
 */
export function referencePattern(pattern: string): RegExp {
  const source = [...pattern]
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

/** The repository part of a tag reference: everything before the `:` that follows the last `/`. */
export function repositoryOf(reference: string): string {
  const colon = reference.indexOf(":", reference.lastIndexOf("/") + 1);
  return colon === -1 ? reference : reference.slice(0, colon);
}

/** The images beyond the newest `keep` of every repository they are tagged in. */
function beyondNewest(images: readonly PlannerImage[], keep: number): Set<string> {
  const byRepository = new Map<string, PlannerImage[]>();
  for (const image of images) {
    for (const repository of new Set(image.repoTags.map(repositoryOf))) {
      const list = byRepository.get(repository);
      if (list) list.push(image);
      else byRepository.set(repository, [image]);
    }
  }
  const newest = new Set<string>();
  for (const list of byRepository.values()) {
    list.sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));
    for (const image of list.slice(0, keep)) newest.add(image.id);
  }
  return new Set(images.filter((image) => image.repoTags.length > 0 && !newest.has(image.id)).map((image) => image.id));
}

function keptByLabel(labels: Record<string, string>, keep: CleanupKeep | undefined): string | null {
  for (const label of keep?.labels ?? []) {
    const equals = label.indexOf("=");
    const key = equals === -1 ? label : label.slice(0, equals);
    if (!(key in labels)) continue;
    if (equals === -1 || labels[key] === label.slice(equals + 1)) return `keep label "${label}"`;
  }
  return null;
}

function isKept(image: PlannerImage, keep: CleanupKeep | undefined): string | null {
  for (const pattern of keep?.patterns ?? []) {
    const regex = referencePattern(pattern);
    const tag = image.repoTags.find((reference) => regex.test(reference));
    if (tag) return `keep pattern "${pattern}" matches ${tag}`;
  }
  return keptByLabel(image.labels, keep);
}

/** Why an image matches every image rule given, or null when it misses one (or none is given). */
function imageRuleReasons(
  image: PlannerImage,
  rules: CleanupRules,
  context: {
    now: number;
    usedImageIds: ReadonlySet<string>;
    beyondNewest: ReadonlySet<string> | null;
    lastUsed: ReadonlyMap<string, number>;
  },
): string[] | null {
  const reasons: string[] = [];
  if (rules.dangling) {
    if (image.repoTags.length > 0) return null;
    reasons.push("dangling");
  }
  if (rules.unused) {
    if (context.usedImageIds.has(image.id)) return null;
    reasons.push("no container uses it");
  }
  if (rules.olderThanDays !== undefined) {
    const age = (context.now - image.created) / DAY_SECONDS;
    if (age <= rules.olderThanDays) return null;
    reasons.push(`created ${Math.floor(age)} days ago (more than ${rules.olderThanDays})`);
  }
  if (rules.largerThanBytes !== undefined) {
    if (image.size <= rules.largerThanBytes) return null;
    reasons.push(`${formatBytes(image.size)} (more than ${formatBytes(rules.largerThanBytes)})`);
  }
  if (rules.unusedForDays !== undefined) {
    const used = context.lastUsed.get(image.id);
    const since = Math.max(image.created, used ?? 0);
    const idle = (context.now - since) / DAY_SECONDS;
    if (idle <= rules.unusedForDays) return null;
    reasons.push(
      used !== undefined && used >= image.created
        ? `last used by a container ${Math.floor(idle)} days ago (more than ${rules.unusedForDays})`
        : `never used by a container since created ${Math.floor(idle)} days ago (more than ${rules.unusedForDays})`,
    );
  }
  if (rules.keepNewestPerRepo !== undefined && context.beyondNewest) {
    if (!context.beyondNewest.has(image.id)) return null;
    reasons.push(`older than the newest ${rules.keepNewestPerRepo} of its repository`);
  }
  return reasons.length > 0 ? reasons : null;
}

/**
 * Resolves a container named by the user as the docker CLI does: full ID, name, then a unique ID
 * prefix. Unknown (or ambiguous) is a 404 naming it.
 */
export function findContainer(containers: readonly PlannerContainer[], ref: string): PlannerContainer {
  const name = ref.replace(/^\//, "");
  const exact = containers.find((container) => container.id === ref || container.name === name);
  if (exact) return exact;
  const prefixed = /^[a-f0-9]+$/.test(ref) ? containers.filter((container) => container.id.startsWith(ref)) : [];
  if (prefixed.length === 1) return prefixed[0]!;
  throw new AppError(
    "not_found:container",
    prefixed.length > 1 ? `"${ref}" matches ${prefixed.length} containers; give more of the ID` : `no container "${ref}"`,
  );
}

const shortId = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

export type PlanInput = {
  images: readonly PlannerImage[];
  /** Each image's last use by a container (unix seconds), when the `unusedForDays` rule asks. */
  lastUsed?: ReadonlyMap<string, number>;
  /** Dangling images a classic build left (they have a parent: the build's step images). */
  buildLeftovers?: ReadonlySet<string>;
  /** Short (12-hex) IDs of the images stored builds link to: untagged ones are no rule's candidates. */
  linkedByBuilds?: ReadonlySet<string>;
  /** Every volume with the containers that mount it. */
  volumes?: readonly PlannerVolume[];
  /** A policy's limits: items past them (in plan order) are blocked, saying which limit. */
  limits?: { maxBytes?: number | undefined; maxItems?: number | undefined };
  /** The engine's build cache records, or null when no `system df` has finished yet. */
  buildCache?: readonly PlannerBuildCacheRecord[] | null;
  containers: readonly PlannerContainer[];
  /** Layers of images containers run that are not in the list (intermediate build images). */
  otherLayers: ReadonlyMap<string, Pick<ImageLayers, "chainIds" | "layerSizes">>;
  request: Omit<CleanupPlanRequest, "images">;
  /** Explicitly listed images, already resolved to IDs by the engine, with the name the user gave. */
  explicitImages: readonly { id: string; name: string }[];
  now: Date;
};

/**
 * A clean-up plan: the candidates of the rules (minus what keep rules protect) and the listed
 * items, what blocks each one that cannot go, and the bytes removing the rest truly frees. Pure:
 * it changes nothing.
 *
 * An image is blocked by the containers that use it and are not themselves in the plan; a
 * running container is blocked until stopped. Blocked items count 0 bytes and free nothing.
 *
 * @example planCleanup({ images, containers, otherLayers, request: { rules: { dangling: true } }, explicitImages: [], now }).reclaimableBytes
 */
export function planCleanup(input: PlanInput): {
  items: CleanupItem[];
  reclaimableBytes: number;
  sharedBetweenItemsBytes: number;
  notes: string[];
} {
  const notes: string[] = [];
  const { images, containers, request } = input;
  const rules = request.rules ?? {};
  const now = Math.floor(input.now.getTime() / 1000);

  // Containers first: whether an image is blocked depends on which of its containers go too.
  const containerItems = new Map<string, CleanupItem>();
  if (rules.stoppedContainersOlderThanDays !== undefined) {
    for (const container of containers) {
      const age = (now - container.created) / DAY_SECONDS;
      if (!STOPPED_STATES.has(container.state) || age <= rules.stoppedContainersOlderThanDays) continue;
      containerItems.set(container.id, {
        kind: "container",
        id: container.id,
        name: container.name,
        reason: `${container.state}, created ${Math.floor(age)} days ago (more than ${rules.stoppedContainersOlderThanDays})`,
        bytes: 0,
        blocked: false,
      });
    }
  }
  for (const ref of request.containers ?? []) {
    const container = findContainer(containers, ref);
    const running = !STOPPED_STATES.has(container.state);
    const existing = containerItems.get(container.id);
    containerItems.set(container.id, {
      kind: "container",
      id: container.id,
      name: container.name,
      reason: existing ? `listed; ${existing.reason}` : "listed",
      bytes: 0,
      blocked: running,
      ...(running ? { blockedReason: `${container.state}: stop it first` } : {}),
    });
  }
  const removedContainers = new Set([...containerItems.values()].filter((item) => !item.blocked).map((item) => item.id));

  const usersOf = new Map<string, PlannerContainer[]>();
  for (const container of containers) {
    const list = usersOf.get(container.imageId);
    if (list) list.push(container);
    else usersOf.set(container.imageId, [container]);
  }
  const imageItem = (image: PlannerImage, name: string, reason: string): CleanupItem => {
    const blockers = (usersOf.get(image.id) ?? []).filter((container) => !removedContainers.has(container.id));
    return {
      kind: "image",
      id: image.id,
      name,
      reason,
      bytes: 0,
      blocked: blockers.length > 0,
      ...(blockers.length > 0
        ? {
            blockedBy: blockers.map((container) => ({ kind: "container" as const, id: container.id, name: container.name })),
            blockedReason: `used by ${blockers.length === 1 ? "container" : "containers"} ${blockers.map((container) => container.name).join(", ")}`,
          }
        : {}),
    };
  };

  const imageItems = new Map<string, CleanupItem>();
  const context = {
    now,
    usedImageIds: new Set(containers.map((container) => container.imageId)),
    beyondNewest: rules.keepNewestPerRepo !== undefined ? beyondNewest(images, rules.keepNewestPerRepo) : null,
    lastUsed: input.lastUsed ?? new Map<string, number>(),
  };
  for (const image of images) {
    const reasons = imageRuleReasons(image, rules, context);
    // Build leftovers are a category of their own: added to the other rules' candidates.
    const leftover = rules.buildCache && image.repoTags.length === 0 && input.buildLeftovers?.has(image.id);
    const why = [...(reasons ?? []), ...(leftover ? ["left by a classic build (dangling, with the step images under it)"] : [])];
    // An untagged image a stored build links to (a failed build's last good step, the one its page
    // offers to launch) is no rule's candidate: only listed by name.
    const linkedByBuild = image.repoTags.length === 0 && input.linkedByBuilds?.has(shortId(image.id));
    if (why.length === 0 || isKept(image, request.keep) || linkedByBuild) continue;
    imageItems.set(image.id, imageItem(image, image.repoTags[0] ?? shortId(image.id), why.join("; ")));
  }
  const byId = new Map(images.map((image) => [image.id, image]));
  for (const listed of input.explicitImages) {
    const image = byId.get(listed.id);
    if (!image)
      throw new AppError(
        "not_found:image",
        `image "${listed.name}" is not in the image list (an intermediate build image cannot be planned)`,
      );
    const existing = imageItems.get(image.id);
    imageItems.set(image.id, imageItem(image, listed.name, existing ? `listed; ${existing.reason}` : "listed"));
  }

  const cacheItems: CleanupItem[] = [];
  if (rules.buildCache) {
    if (input.buildCache === null || input.buildCache === undefined) {
      notes.push(
        "The engine's build cache is listed from `docker system df`, which has not finished yet: plan again in a moment to include it.",
      );
    } else {
      for (const record of input.buildCache) {
        cacheItems.push({
          kind: "build-cache",
          id: record.id,
          name: record.description ? `${record.type}: ${record.description}` : record.type || record.id,
          reason: "build cache record not in use",
          // A shared record's data is also an image's layer (or another record's): the engine's
          // prune keeps it while that holds it, as `docker system df` counts it not reclaimable.
          bytes: record.shared || record.inUse ? 0 : record.size,
          blocked: record.inUse || record.shared,
          ...(record.inUse
            ? { blockedReason: "in use by a running build" }
            : record.shared
              ? { blockedReason: "shared with an image or another cache record: the engine keeps it while that exists" }
              : {}),
        });
      }
    }
  }

  const volumeItems = new Map<string, CleanupItem>();
  const volumeItem = (volume: PlannerVolume, reason: string): CleanupItem => {
    const blockers = volume.users.filter((user) => !removedContainers.has(user.id));
    return {
      kind: "volume",
      id: volume.name,
      name: volume.name,
      reason,
      bytes: 0,
      blocked: blockers.length > 0,
      dataBytes: volume.size,
      ...(blockers.length > 0
        ? {
            blockedBy: blockers.map((user) => ({ kind: "container" as const, id: user.id, name: user.name })),
            blockedReason: `mounted by ${blockers.length === 1 ? "container" : "containers"} ${blockers.map((user) => user.name).join(", ")}`,
          }
        : {}),
    };
  };
  if (rules.danglingVolumes) {
    for (const volume of input.volumes ?? []) {
      if (volume.users.length > 0 || keptByLabel(volume.labels, request.keep)) continue;
      volumeItems.set(volume.name, volumeItem(volume, "no container mounts it (its files go with it: data loss)"));
    }
  }
  for (const name of request.volumes ?? []) {
    const volume = (input.volumes ?? []).find((candidate) => candidate.name === name);
    if (!volume) throw new AppError("not_found:volume", `no volume "${name}"`);
    const existing = volumeItems.get(name);
    volumeItems.set(name, volumeItem(volume, existing ? `listed; ${existing.reason}` : "listed (its files go with it: data loss)"));
  }

  // Run order: containers first (their images and volumes can go only after them), volumes last.
  const items = [...containerItems.values(), ...imageItems.values(), ...cacheItems, ...volumeItems.values()];
  const ledger = buildLayerLedger({ images, containers, otherLayers: input.otherLayers });
  if (input.limits) applyLimits(items, ledger, input.limits);
  const removed = {
    images: new Set(items.filter((item) => item.kind === "image" && !item.blocked).map((item) => item.id)),
    containers: new Set(items.filter((item) => item.kind === "container" && !item.blocked).map((item) => item.id)),
  };
  const cacheBytes = cacheItems.filter((item) => !item.blocked).reduce((sum, item) => sum + item.bytes, 0);
  const reclaimableBytes = freedBytes(ledger, removed) + cacheBytes;
  // An item's bytes are the freed layers only it holds among the plan's items (plus a container's
  // writable layer); a layer several items hold is freed only when all of them go, so it belongs
  // to none of them and is reported as shared between items.
  const onlyHolder = new Map<string, string>();
  for (const chainId of freedChains(ledger, removed)) {
    const holders = [
      ...(ledger.imageHolders.get(chainId) ?? []).filter((id) => removed.images.has(id)),
      ...(ledger.containerHolders.get(chainId) ?? []).filter((id) => removed.containers.has(id)),
    ];
    if (holders.length === 1) onlyHolder.set(chainId, holders[0]!);
  }
  let attributed = cacheBytes;
  for (const item of items) {
    if (item.blocked || item.kind === "build-cache" || item.kind === "volume") continue;
    let bytes = item.kind === "container" ? (ledger.sizeRw.get(item.id) ?? 0) : 0;
    for (const [chainId, holder] of onlyHolder) if (holder === item.id) bytes += ledger.sizes.get(chainId) ?? 0;
    item.bytes = bytes;
    attributed += bytes;
  }
  return { items, reclaimableBytes, sharedBetweenItemsBytes: reclaimableBytes - attributed, notes };
}

/**
 * Blocks the removable items, in plan order, that would take the plan past a policy's limits:
 * more than `maxItems` items, or more than `maxBytes` truly freed (each layer once, as the plan
 * counts it). An item that does not fit is passed over and later, smaller ones may still fit.
 */
function applyLimits(
  items: CleanupItem[],
  ledger: LayerLedger,
  limits: { maxBytes?: number | undefined; maxItems?: number | undefined },
): void {
  const chosen = { images: new Set<string>(), containers: new Set<string>() };
  let count = 0;
  let cacheBytes = 0;
  for (const item of items) {
    if (item.blocked) continue;
    if (limits.maxItems !== undefined && count >= limits.maxItems) {
      Object.assign(item, {
        blocked: true,
        blockedReason: `beyond the policy's limit of ${limits.maxItems} ${limits.maxItems === 1 ? "item" : "items"} per run`,
      });
      continue;
    }
    if (limits.maxBytes !== undefined) {
      const set = item.kind === "image" ? chosen.images : item.kind === "container" ? chosen.containers : null;
      set?.add(item.id);
      const itemCache = item.kind === "build-cache" ? item.bytes : 0;
      const total = freedBytes(ledger, chosen) + cacheBytes + itemCache;
      if (total > limits.maxBytes) {
        set?.delete(item.id);
        Object.assign(item, {
          blocked: true,
          blockedReason: `would take the run past the policy's limit of ${formatBytes(limits.maxBytes)}`,
        });
        continue;
      }
      cacheBytes += itemCache;
    }
    count += 1;
  }
}

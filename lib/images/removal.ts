import type { ContainerSummary } from "@/lib/containers/types";
import type { ImageSummary } from "@/lib/images/types";

/** What the remove dialog needs to know of a container that uses the image. */
export type ImageUser = Pick<ContainerSummary, "id" | "shortId" | "name" | "state">;

/**
 * What `docker rmi` will do with this reference, worked out before anything is sent, from the same
 * rules the engine applies (moby daemon/images/image_delete.go):
 * - a tag while other tags remain: only that tag goes, whatever uses the image;
 * - the last tag, or the image ID, while a container (even a stopped one) uses the image: refused
 *   unless forced;
 * - forced past a *stopped* container: the tags and the image record go, but the layers stay on
 *   disk under the container's own writable layer until the container is removed;
 * - forced past a *running* container: by tag, only the tag goes (the image stays, untagged); by ID
 *   the engine refuses even `-f`;
 * - the ID of an image with several tags needs `-f`, which removes every tag.
 */
export type RemovalPlan = {
  /** The reference is the image ID (every tag goes), not one tag. */
  byId: boolean;
  /** Tags that stay after removing this one; empty when the removal takes the image. */
  otherTags: string[];
  /** Plain `docker rmi` only untags: other tags still point to the image. */
  onlyUntags: boolean;
  /** Why a plain `docker rmi` would be refused, or null when it goes through. */
  needsForce: "containers" | "several-tags" | null;
  /** What `docker rmi -f` would do; null when plain removal already works. */
  forced: "untag" | "delete-keep-layers" | "delete" | "refused" | null;
  /** Containers using the image that are running (paused and restarting count: the engine's own test). */
  running: ImageUser[];
  /** Bytes freed by the removal the dialog offers: the plain one, or the forced one when only that works. */
  frees: number;
};

const RUNNING_STATES = new Set(["running", "paused", "restarting"]);

/** The engine treats a paused or restarting container as running: `-f` cannot get past it. */
export function isRunningState(state: string): boolean {
  return RUNNING_STATES.has(state);
}

/** How the removal's explanations name a container: by its name, or its short ID when it has none. */
export function imageUserName(container: Pick<ImageUser, "name" | "shortId">): string {
  return container.name || container.shortId;
}

/**
 * @example planImageRemoval({ image, reference: "seed/web:1", containers: [] }).frees // image.uniqueSize
 */
export function planImageRemoval({
  image,
  reference,
  containers,
}: {
  image: Pick<ImageSummary, "id" | "shortId" | "repoTags" | "uniqueSize">;
  reference: string;
  containers: readonly ImageUser[];
}): RemovalPlan {
  const byId = reference === image.id || reference === image.shortId || !image.repoTags.includes(reference);
  const otherTags = byId ? [] : image.repoTags.filter((tag) => tag !== reference);
  const onlyUntags = !byId && otherTags.length > 0;
  const running = containers.filter((container) => isRunningState(container.state));
  // Only the layers no other listed image stacks are freed (uniqueSize), and none while a container
  // keeps them: its writable layer is stacked on them.
  const whole = image.uniqueSize;

  if (onlyUntags) return { byId, otherTags, onlyUntags, needsForce: null, forced: null, running, frees: 0 };
  if (containers.length > 0) {
    const forced = running.length === 0 ? "delete-keep-layers" : byId ? "refused" : "untag";
    return { byId, otherTags, onlyUntags, needsForce: "containers", forced, running, frees: 0 };
  }
  if (byId && image.repoTags.length > 1) {
    return { byId, otherTags, onlyUntags, needsForce: "several-tags", forced: "delete", running, frees: whole };
  }
  return { byId, otherTags, onlyUntags, needsForce: null, forced: null, running, frees: whole };
}

/**
 * A refusal from `DELETE /api/images/{ref}` (409) in words: which containers are in the way and what
 * gets past them, or what else the engine objected to. The engine's own text stays available
 * beside it, not instead of it.
 *
 * @example describeRefusal({ message: "conflict: unable to delete …", containers: [c] }) // "Container web-1 (exited) uses this image. …"
 */
export function describeRefusal({
  message,
  containers,
  canForce,
}: {
  message: string;
  containers: readonly ImageUser[];
  canForce: boolean;
}): string {
  if (containers.length > 0) {
    const names = containers.map((container) => `${imageUserName(container)} (${container.state})`);
    const who = `${containers.length === 1 ? "Container" : "Containers"} ${names.join(", ")} ${containers.length === 1 ? "uses" : "use"} this image.`;
    if (containers.some((container) => isRunningState(container.state)) && !canForce) {
      return `${who} Docker will not remove the image of a running container, even forced: stop and remove the container first.`;
    }
    return `${who} Remove ${containers.length === 1 ? "that container" : "those containers"} first, or remove the image anyway (-f).`;
  }
  if (/dependent child/i.test(message)) {
    return "Other images were built on top of this one (its child images); Docker keeps it until they are removed.";
  }
  if (/must be forced|multiple repositories|must force/i.test(message)) {
    return "Several tags point to this image ID; removing it by ID removes every tag and needs -f.";
  }
  if (/no such image/i.test(message)) return "The image is no longer on the engine; it was removed meanwhile.";
  return "Docker refused the removal.";
}

/**
 * Why removing the whole image (every tag, as a bulk removal does, never forced) is refused: the
 * containers made from it, by name where the container list has them and by the image list's count
 * where it has not (yet). The same rule as planImageRemoval; null when nothing uses the image.
 *
 * @example describeImageUse({ image, containers }) // { who: "by web-1, db-1", count: 2 }
 */
export function describeImageUse({
  image,
  containers,
}: {
  image: Pick<ImageSummary, "id" | "shortId" | "repoTags" | "uniqueSize" | "containers">;
  /** The engine's containers (any image's); those made from this image are picked out. */
  containers: readonly (ImageUser & Pick<ContainerSummary, "imageId">)[];
}): { who: string; count: number } | null {
  const users = containers.filter((container) => container.imageId === image.id);
  const plan = planImageRemoval({ image, reference: image.id, containers: users });
  if (plan.needsForce !== "containers" && image.containers === 0) return null;
  if (users.length) return { who: `by ${users.map(imageUserName).join(", ")}`, count: users.length };
  return { who: `by ${image.containers} container${image.containers === 1 ? "" : "s"}`, count: image.containers };
}

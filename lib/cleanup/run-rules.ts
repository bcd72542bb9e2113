import type { CleanupItem, CleanupPlan, CleanupPlanRequest } from "@/lib/cleanup/types";
import { dockerCommand } from "@/lib/cli/command";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format/bytes";

// What decides whether a stored plan may run, and whether each of its items may still go. Pure:
// the run (lib/cleanup/run.ts) feeds it what the engine says just before each removal.

/** A plan older than this describes an engine that may have changed too much: make a new one. */
export const PLAN_MAX_AGE_MS = 10 * 60_000;
/** Above this (decimal, as the docker CLI counts), the caller confirms by giving the item count. */
export const CONFIRM_ABOVE_BYTES = 1_000_000_000;

/** The items a run tries to remove: everything not blocked when planned. */
export function removableItems(plan: Pick<CleanupPlan, "items">): CleanupItem[] {
  return plan.items.filter((item) => !item.blocked);
}

/**
 * Refuses a plan that was run already or is too old (409), and a run that needs a confirmation
 * it did not get (400, saying what to send). `confirm` is the number of items the run removes; it
 * is needed when the plan frees more than 1 GB or removes volumes (their files go with them).
 *
 * @example assertRunnable({ plan, now: new Date(), confirm: 3 })
 */
export function assertRunnable({
  plan,
  now,
  confirm,
  confirmed = false,
}: {
  plan: Pick<CleanupPlan, "id" | "items" | "reclaimableBytes" | "createdAt" | "run">;
  now: Date;
  confirm: number | undefined;
  /** A policy's scheduled run: the saved policy is the confirmation. */
  confirmed?: boolean;
}): void {
  if (plan.run) {
    throw new AppError("conflict:cleanup_plan", `Clean-up plan ${plan.id} was run already (${plan.run.startedAt}): make a new plan.`);
  }
  const ageMs = now.getTime() - Date.parse(plan.createdAt);
  if (ageMs > PLAN_MAX_AGE_MS) {
    throw new AppError(
      "conflict:cleanup_plan",
      `Clean-up plan ${plan.id} is ${Math.floor(ageMs / 60_000)} minutes old (at most ${PLAN_MAX_AGE_MS / 60_000}): the engine may have changed since, make a new plan.`,
    );
  }
  const count = removableItems(plan).length;
  const volumes = removableItems(plan).filter((item) => item.kind === "volume").length;
  const needsConfirm = plan.reclaimableBytes > CONFIRM_ABOVE_BYTES || volumes > 0;
  if (!needsConfirm || confirmed || confirm === count) return;
  const why = [
    plan.reclaimableBytes > CONFIRM_ABOVE_BYTES ? `it frees ${formatBytes(plan.reclaimableBytes)} (more than 1 GB)` : null,
    volumes > 0 ? `it removes ${volumes === 1 ? "a volume" : `${volumes} volumes`} and their data` : null,
  ]
    .filter(Boolean)
    .join(" and ");
  const message =
    confirm === undefined
      ? `This plan needs a confirmation: ${why}. Send {"confirm": ${count}}, the number of items it removes.`
      : `The confirmation does not match: got ${confirm}, the plan removes ${count} ${count === 1 ? "item" : "items"} (send {"confirm": ${count}}).`;
  throw new AppError("bad_request:body", message, {
    details: { expectedConfirm: count, fields: [{ path: "confirm", message: `must be ${count}` }] },
  });
}

const sameTags = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");

/**
 * Why an image item must be skipped now, or null when it may go: gone already, tags changed since
 * the plan (a re-tag means someone wants it; an untag means the plan's name no longer holds), or a
 * container (running or stopped) uses it now.
 *
 * @example imageSkipReason({ plannedTags: ["a:1"], current: { repoTags: ["a:1", "a:prod"], users: [] } })
 * // "re-tagged since the plan: now also a:prod"
 */
export function imageSkipReason({
  plannedTags,
  current,
}: {
  plannedTags: readonly string[] | undefined;
  current: { repoTags: readonly string[]; users: readonly { name: string }[] } | null;
}): string | null {
  if (!current) return "no longer on the engine";
  if (current.users.length > 0) {
    return `${current.users.length === 1 ? "a container now uses it" : "containers now use it"}: ${current.users.map((user) => user.name).join(", ")}`;
  }
  if (plannedTags && !sameTags(plannedTags, current.repoTags)) {
    const added = current.repoTags.filter((tag) => !plannedTags.includes(tag));
    const removed = plannedTags.filter((tag) => !current.repoTags.includes(tag));
    const parts = [
      added.length > 0 ? `now also ${added.join(", ")}` : null,
      removed.length > 0 ? `no longer ${removed.join(", ")}` : null,
    ].filter(Boolean);
    return `${added.length > 0 ? "re-tagged" : "untagged"} since the plan: ${parts.join("; ")}`;
  }
  return null;
}

/** Why a container item must be skipped now, or null: gone already, or not stopped any more. */
export function containerSkipReason(current: { state: string } | null): string | null {
  if (!current) return "no longer on the engine";
  if (!["created", "exited", "dead"].includes(current.state)) return `now ${current.state}: stop it first`;
  return null;
}

/** Why a volume item must be skipped now, or null: gone already, or mounted by a container now. */
export function volumeSkipReason(current: { users: readonly { name: string }[] } | null): string | null {
  if (!current) return "no longer on the engine";
  if (current.users.length > 0) return `now used by ${current.users.map((user) => user.name).join(", ")}`;
  return null;
}

/**
 * The docker line of one removal: `docker rmi` with every tag (the last untag deletes the image;
 * an untagged image goes by ID), `docker container rm`, `docker volume rm`.
 */
export function removalCommand(item: Pick<CleanupItem, "kind" | "id" | "name">, tags: readonly string[] = []): string {
  switch (item.kind) {
    case "image":
      return dockerCommand(["rmi", ...(tags.length > 0 ? tags : [item.id.replace(/^sha256:/, "").slice(0, 12)])]);
    case "container":
      return dockerCommand(["container", "rm", item.name || item.id.slice(0, 12)]);
    case "volume":
      return dockerCommand(["volume", "rm", item.name]);
    default:
      return dockerCommand(["builder", "prune", "-f", "--filter", `id=${item.id}`]);
  }
}

/**
 * The prune command that does what the plan's rules ask, where one exists: only rules a prune
 * filter expresses, no keep pattern (prune has none), no hand-picked items. Keep labels become
 * `--filter label!=…`; age becomes `--filter until=<hours>h`. Null otherwise.
 *
 * @example pruneCommandFor({ rules: { unused: true, olderThanDays: 30 } }) // "docker image prune -a -f --filter until=720h"
 */
export function pruneCommandFor(request: CleanupPlanRequest): string | null {
  const rules = request.rules ?? {};
  if ((request.images?.length ?? 0) > 0 || (request.containers?.length ?? 0) > 0 || (request.keep?.patterns?.length ?? 0) > 0) return null;
  // Size, newest-K, last use and build leftovers have no prune filter (`image prune` would take
  // every dangling image, not only a build's).
  if (rules.largerThanBytes !== undefined || rules.keepNewestPerRepo !== undefined || rules.unusedForDays !== undefined || rules.buildCache)
    return null;
  const labelFilters = (request.keep?.labels ?? []).flatMap((label) => ["--filter", `label!=${label}`]);
  const until = (days: number) => ["--filter", `until=${days * 24}h`];
  const commands: string[] = [];
  const imageRules = rules.dangling || rules.unused || rules.olderThanDays !== undefined;
  if (imageRules) {
    // `prune` without -a takes dangling images only; -a every image no container uses. Age alone
    // has no prune equivalent (prune never removes images in use; the rule would list them).
    if (!rules.dangling && !rules.unused) return null;
    commands.push(
      dockerCommand([
        "image",
        "prune",
        !rules.dangling && "-a",
        "-f",
        ...(rules.olderThanDays !== undefined ? until(rules.olderThanDays) : []),
        ...labelFilters,
      ]),
    );
  }
  if (rules.stoppedContainersOlderThanDays !== undefined) {
    commands.push(dockerCommand(["container", "prune", "-f", ...until(rules.stoppedContainersOlderThanDays)]));
  }
  // Docker 23+ prunes only anonymous volumes unless given -a; the rule takes every unused one.
  if (rules.danglingVolumes) commands.push(dockerCommand(["volume", "prune", "-a", "-f", ...labelFilters]));
  return commands.length > 0 ? commands.join(" && ") : null;
}

/**
 * Bytes of the layers present before and gone now, each counted once, in the sizes the engine
 * reported before (a gone layer cannot be asked any more).
 *
 * @example freedLayerBytes(new Map([["sha256:a", 10], ["sha256:b", 5]]), new Set(["sha256:a"])) // 5
 */
export function freedLayerBytes(before: ReadonlyMap<string, number>, present: ReadonlySet<string>): number {
  let bytes = 0;
  for (const [chainId, size] of before) if (!present.has(chainId)) bytes += size;
  return bytes;
}

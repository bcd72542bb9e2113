import { dockerCommand } from "@/lib/cli/command";
import type { CleanupItem, CleanupPlanRequest } from "@/lib/cleanup/types";

const shortId = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

/**
 * The docker CLI lines that remove exactly the plan's removable items, containers first (an image
 * goes only once its containers are gone): what running the plan does, one item at a time. A tagged
 * image is named by all its tags (`docker rmi ID` refuses an image tagged in several repositories
 * without `-f`; removing its last tag deletes it), a dangling one by its short ID.
 *
 * @example planRemovalCommands(plan.items, (id) => tags.get(id)) // ["docker container rm old-job", "docker rmi seed/web:1"]
 */
export function planRemovalCommands(items: readonly CleanupItem[], tagsOf: (imageId: string) => readonly string[] | undefined): string[] {
  const removable = items.filter((item) => !item.blocked);
  const named = (kind: CleanupItem["kind"]) => removable.filter((item) => item.kind === kind).map((item) => item.name);
  const containers = named("container");
  const images = removable
    .filter((item) => item.kind === "image")
    .flatMap((item) => {
      const tags = tagsOf(item.id);
      return tags?.length ? tags : [shortId(item.id)];
    });
  return [
    ...(containers.length ? [dockerCommand(["container", "rm", ...containers])] : []),
    ...(images.length ? [dockerCommand(["rmi", ...images])] : []),
  ];
}

/**
 * The prune commands that pick the same candidates, where Docker has them: `docker image prune`
 * (dangling), `-a` (unused), `--filter until=` (older than), `--filter label!=` (keep labels),
 * `docker container prune --filter until=`. Null when the request uses something prune cannot
 * say (keep patterns, size, newest per repository, hand-picked items) or has no rule at all.
 * Prune has no dry run (moby#30623): it removes what it finds, with no list first.
 *
 * @example pruneCommands({ rules: { unused: true, olderThanDays: 30 } }) // ["docker image prune -a --filter until=720h"]
 */
export function pruneCommands(request: CleanupPlanRequest): string[] | null {
  const rules = request.rules ?? {};
  if (request.images?.length || request.containers?.length || request.keep?.patterns?.length) return null;
  if (rules.largerThanBytes !== undefined || rules.keepNewestPerRepo !== undefined) return null;
  const labelFilters = (request.keep?.labels ?? []).flatMap((label) => ["--filter", `label!=${label}`]);
  const lines: string[] = [];
  if (rules.dangling || rules.unused) {
    const until = rules.olderThanDays !== undefined ? ["--filter", `until=${rules.olderThanDays * 24}h`] : [];
    lines.push(dockerCommand(["image", "prune", ...(rules.dangling ? [] : ["-a"]), ...until, ...labelFilters, "--force"]));
  } else if (rules.olderThanDays !== undefined) {
    // Prune only ever takes dangling or unused images; "older than" alone has no prune line.
    return null;
  }
  if (rules.stoppedContainersOlderThanDays !== undefined) {
    lines.push(dockerCommand(["container", "prune", "--filter", `until=${rules.stoppedContainersOlderThanDays * 24}h`, "--force"]));
  }
  return lines.length ? lines : null;
}

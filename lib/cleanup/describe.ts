import type { CleanupPlanRequest } from "@/lib/cleanup/types";
import { formatBytes } from "@/lib/format/bytes";

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/**
 * What a plan request (a saved policy's) removes and keeps, in words, rule by rule in the order the
 * planner's form lists them: what a policy list shows instead of its JSON.
 *
 * @example describeCleanupRequest({ rules: { dangling: true }, keep: { patterns: ["*:latest"] } })
 * // { removes: ["dangling images"], keeps: ["*:latest"] }
 */
export function describeCleanupRequest(request: Pick<CleanupPlanRequest, "rules" | "keep" | "images" | "containers" | "volumes">): {
  removes: string[];
  keeps: string[];
} {
  const rules = request.rules ?? {};
  const removes: string[] = [];
  if (rules.dangling) removes.push("dangling images");
  if (rules.unused) removes.push("images no container uses");
  if (rules.olderThanDays !== undefined) removes.push(`images older than ${plural(rules.olderThanDays, "day")}`);
  if (rules.largerThanBytes !== undefined) removes.push(`images larger than ${formatBytes(rules.largerThanBytes)}`);
  if (rules.keepNewestPerRepo !== undefined) removes.push(`tags beyond the newest ${rules.keepNewestPerRepo} per repository`);
  if (rules.unusedForDays !== undefined) removes.push(`images unused for ${plural(rules.unusedForDays, "day")}`);
  if (rules.buildCache) removes.push("build leftovers");
  if (rules.danglingVolumes) removes.push("volumes no container mounts");
  if (rules.stoppedContainersOlderThanDays !== undefined)
    removes.push(`stopped containers older than ${plural(rules.stoppedContainersOlderThanDays, "day")}`);
  if (request.images?.length) removes.push(plural(request.images.length, "named image"));
  if (request.containers?.length) removes.push(plural(request.containers.length, "named container"));
  if (request.volumes?.length) removes.push(plural(request.volumes.length, "named volume"));
  const keeps = [...(request.keep?.patterns ?? []), ...(request.keep?.labels ?? []).map((label) => `label ${label}`)];
  return { removes, keeps };
}

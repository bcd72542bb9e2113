import type { ContainerAction } from "@/lib/cli/command";
import type { ContainerPort } from "@/lib/containers/types";

// What a container's state allows and how `docker ps` shows it: shared by the list and detail pages.

// `docker ps` (without -a) lists these; the rest have no process.
const LIVE_STATES = new Set(["running", "paused", "restarting"]);

/** True while the container has a process: running, paused or restarting. */
export function isLiveState(state: string): boolean {
  return LIVE_STATES.has(state);
}

/**
 * The lifecycle actions the engine accepts in a state, most common first. Stop and kill also
 * work on a paused container (the engine unpauses it to deliver the signal); start and restart
 * of a dead container fail, so a dead one offers only removal.
 *
 * @example availableActions("running") // ["stop", "restart", "pause", "kill"]
 * @example availableActions("exited") // ["start"]
 */
export function availableActions(state: string): ContainerAction[] {
  switch (state) {
    case "running":
      return ["stop", "restart", "pause", "kill"];
    case "paused":
      return ["unpause", "stop", "kill"];
    case "restarting":
      return ["stop", "kill"];
    case "created":
    case "exited":
      return ["start"];
    default:
      return [];
  }
}

/**
 * The ports column the way `docker ps` prints it: published ports as `IP:PUBLIC->PRIVATE/proto`,
 * exposed-only ports as `PRIVATE/proto`. The engine lists a binding once per address family;
 * `::` duplicates of a `0.0.0.0` binding are dropped.
 *
 * @example formatPorts([{ ip: "0.0.0.0", privatePort: 80, publicPort: 8080, type: "tcp" }]) // ["0.0.0.0:8080->80/tcp"]
 */
export function formatPorts(ports: readonly ContainerPort[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  const ipv6 = (port: ContainerPort) => (port.ip?.includes(":") ? 1 : 0);
  const sorted = [...ports].sort((a, b) => a.privatePort - b.privatePort || (a.publicPort ?? 0) - (b.publicPort ?? 0) || ipv6(a) - ipv6(b));
  for (const port of sorted) {
    const target = `${port.privatePort}/${port.type}`;
    if (port.publicPort === null) {
      if (!seen.has(target)) lines.push(target);
      seen.add(target);
      continue;
    }
    const key = `${port.publicPort}->${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ip = port.ip === null ? "" : port.ip.includes(":") ? `[${port.ip}]:` : `${port.ip}:`;
    lines.push(`${ip}${key}`);
  }
  return lines;
}

/**
 * The healthcheck status that means something now: only while the container runs, since the
 * engine runs no checks otherwise and keeps the last status (an exited container can stay
 * "unhealthy", or "starting" with no check ever run). Null without a healthcheck or when stopped.
 *
 * @example currentHealth({ running: false, paused: false, health: { status: "unhealthy" } }) // null
 */
export function currentHealth(state: { running: boolean; paused: boolean; health: { status: string } | null }): string | null {
  if (!state.health || !state.running || state.paused) return null;
  return state.health.status;
}

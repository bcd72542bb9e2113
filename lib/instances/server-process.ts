import fs from "node:fs";
import os from "node:os";

/**
 * A server process as the audit log records it on each row: enough to tell, later, whether the
 * process that wrote a "started" row can still finish it.
 */
export type ServerProcess = {
  host: string;
  pid: number;
  /** When the process started, in ms since the epoch. Tells a reused pid from the process that had it. */
  startedAt: number;
};

/**
 * The text stored in `AuditEntry.serverProcess`.
 *
 * @example formatServerProcess({ host: "web-1", pid: 4242, startedAt: 1795000000000 }) // "web-1/4242/1795000000000"
 */
export function formatServerProcess(server: ServerProcess): string {
  return `${server.host}/${server.pid}/${server.startedAt}`;
}

/**
 * The inverse of formatServerProcess; null for an empty or unreadable value (rows written before
 * the column existed have none).
 *
 * @example parseServerProcess("web-1/4242/1795000000000") // { host: "web-1", pid: 4242, startedAt: 1795000000000 }
 */
export function parseServerProcess(text: string | null | undefined): ServerProcess | null {
  const match = text ? /^(.+)\/(\d+)\/(\d+)$/.exec(text) : null;
  if (!match) return null;
  const pid = Number(match[2]);
  const startedAt = Number(match[3]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !Number.isSafeInteger(startedAt)) return null;
  return { host: match[1]!, pid, startedAt };
}

/**
 * Whether the process that wrote a row is known to be gone, seen from `self` (the process asking):
 * - on another host: unknown (several instances may share one database), so no;
 * - the same pid as `self`: gone if it started earlier (the pid was reused, e.g. a container that
 *   always runs its server as the same pid);
 * - another pid on this host: gone if no process has that pid now. A live process with that pid may
 *   be an unrelated one that reused it; then the row is left alone, which is the safe mistake.
 *
 * @example isProcessGone(writer, currentServerProcess(), isPidAlive)
 */
export function isProcessGone(writer: ServerProcess, self: ServerProcess, isAlive: (pid: number) => boolean): boolean {
  if (writer.host !== self.host) return false;
  if (writer.pid === self.pid) return writer.startedAt < self.startedAt;
  return !isAlive(writer.pid);
}

/**
 * Whether a process with this pid runs on this host (signal 0 checks without sending anything).
 * A killed process whose parent has not reaped it yet (a zombie: its parent died too and the
 * host's init reaps late) still answers signal 0, so Linux's /proc tells it apart.
 */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    // No /proc (not Linux), or it ended meanwhile: signal 0 is all there is to go by.
    return !fs.existsSync("/proc/self/stat");
  }
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z" && state !== "X";
}

// On globalThis, not in a module variable: the bundler may give route bundles their own copies of
// this module, and one process must have exactly one identity (its start time is computed).
const globalForAudit = globalThis as unknown as { dashboardServerProcess?: ServerProcess };

/** This process: hostname, pid and start time, fixed on first use. */
export function currentServerProcess(): ServerProcess {
  globalForAudit.dashboardServerProcess ??= {
    host: os.hostname(),
    pid: process.pid,
    startedAt: Math.round(Date.now() - process.uptime() * 1000),
  };
  return globalForAudit.dashboardServerProcess;
}

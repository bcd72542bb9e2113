import "server-only";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { HEARTBEAT_INTERVAL_MS } from "@/lib/instances/heartbeat";
import { currentInstanceId, liveInstanceIds } from "@/lib/instances/queries";
import { currentServerProcess } from "@/lib/instances/server-process";

// Instances whose heartbeat stopped this long ago are forgotten (their rows were settled long before).
const FORGET_AFTER_MS = 7 * 24 * 3_600_000;

type HeartbeatState = {
  registered?: Promise<void>;
  timer?: NodeJS.Timeout;
  /** Work each beat does after writing the heartbeat (the audit log's sweep of lapsed instances). */
  onBeat?: () => Promise<unknown>;
  beating?: boolean;
  lastBeatAt?: number;
};
// On globalThis: route bundles may get their own copies of this module, and a process beats once.
const holder = globalThis as unknown as { dashboardInstanceHeartbeat?: HeartbeatState };
const state: HeartbeatState = (holder.dashboardInstanceHeartbeat ??= {});

/** Writes this instance's heartbeat row (created on the first beat; a row another instance marked gone is live again). */
async function beat(): Promise<void> {
  const self = currentServerProcess();
  const now = new Date();
  await getDb().dashboardInstance.upsert({
    where: { id: currentInstanceId() },
    create: {
      id: currentInstanceId(),
      host: self.host,
      pid: self.pid,
      startedAt: new Date(self.startedAt),
      heartbeatAt: now,
      address: getEnv().instanceUrl,
    },
    update: { heartbeatAt: now, goneAt: null },
  });
}

async function tick(): Promise<void> {
  if (state.beating) return;
  state.beating = true;
  try {
    await beat();
    state.lastBeatAt = Date.now();
    await state.onBeat?.();
  } catch (error) {
    // A database that is away for a moment: the next beat tries again (three missed beats and the
    // other instances take this one for gone, which only settles its audit rows early).
    console.error("instances: heartbeat failed", error);
  } finally {
    state.beating = false;
  }
}

/**
 * Registers this process as an instance (its heartbeat row), once per process however many callers
 * ask: the server's start, and each audited action or console (so that a process started some
 * other way, a test or a script, is known too). Only the server's start keeps a timer beating
 * (startInstanceHeartbeat); other processes beat again here when their last beat is 10 s old, as
 * they act: a timer would keep a PostgreSQL pool's connections busy and the process from exiting.
 *
 * @example await ensureInstanceRegistered()
 */
export function ensureInstanceRegistered(): Promise<void> {
  state.registered ??= beat().then(() => {
    state.lastBeatAt = Date.now();
  });
  state.registered.catch(() => (state.registered = undefined));
  if (!state.timer && state.lastBeatAt !== undefined && Date.now() - state.lastBeatAt > HEARTBEAT_INTERVAL_MS) {
    state.lastBeatAt = Date.now();
    void beat().catch((error: unknown) => console.error("instances: heartbeat failed", error));
  }
  return state.registered;
}

/**
 * The server's start: registers the instance, runs `onBeat` once now and then after every
 * heartbeat, and forgets instances that have been gone for a week.
 *
 * @example await startInstanceHeartbeat({ onBeat: () => markInterruptedActions() })
 */
export async function startInstanceHeartbeat({ onBeat }: { onBeat: () => Promise<unknown> }): Promise<void> {
  state.onBeat = async () => {
    await onBeat();
    await forgetConsolesOfGoneInstances();
    await getDb().dashboardInstance.deleteMany({ where: { heartbeatAt: { lt: new Date(Date.now() - FORGET_AFTER_MS) } } });
  };
  await ensureInstanceRegistered();
  state.timer ??= setInterval(() => void tick(), HEARTBEAT_INTERVAL_MS).unref();
  await state.onBeat();
}

/** Records that another instance's heartbeat lapsed and its rows were settled. */
export async function markInstancesGone(ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await getDb().dashboardInstance.updateMany({ where: { id: { in: ids }, goneAt: null }, data: { goneAt: now } });
}

/**
 * Forgets the console rows of instances whose heartbeat lapsed (a crash, or a stop with consoles
 * open: their shells went with the process). They no longer count toward any limit already; a
 * request for one then finds no console, as on the instance itself. Runs after every heartbeat.
 * Returns how many rows it removed.
 *
 * @example await forgetConsolesOfGoneInstances()
 */
export async function forgetConsolesOfGoneInstances(now = new Date()): Promise<number> {
  const live = await liveInstanceIds(now);
  const { count } = await getDb().consoleSession.deleteMany({ where: { instanceId: { notIn: live } } });
  return count;
}

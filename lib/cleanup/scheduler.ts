import "server-only";
import { Cron } from "croner";
import { onCleanupPolicyChange, runScheduledCleanupTick } from "@/lib/cleanup/policies";
import { getDb } from "@/lib/db";

// Scheduled clean-up policies, one croner job per enabled policy with a schedule. Every server
// sharing the database runs this; the policy's lease and its last tick (lib/cleanup/policies.ts)
// make each tick run once, on whichever server fires first.

/** How often the jobs are compared with the database, for changes made through other servers. */
const RESYNC_MS = 60_000;

type Job = { cron: Cron; schedule: string };
type SchedulerState = { jobs: Map<string, Job>; resync: NodeJS.Timeout | null; syncing: Promise<void> | null };

// Kept across hot reloads in development, so a reload does not start a second set of jobs.
const globalState = globalThis as unknown as { dashboardCleanupScheduler?: SchedulerState };
const state: SchedulerState = (globalState.dashboardCleanupScheduler ??= { jobs: new Map(), resync: null, syncing: null });

/**
 * A tick's identity: the scheduled second. Croner fires a few milliseconds after it (or, on a
 * busy machine, later), and two servers fire at slightly different moments, so the time is
 * rounded to the nearest second to name the same tick on both.
 */
export function tickTime(firedAt: Date): Date {
  return new Date(Math.round(firedAt.getTime() / 1000) * 1000);
}

/** Brings the jobs in line with the enabled, scheduled policies in the database. */
export async function syncCleanupSchedules(): Promise<void> {
  if (state.syncing) return await state.syncing;
  state.syncing = (async () => {
    const policies = await getDb().cleanupPolicy.findMany({
      where: { enabled: true, schedule: { not: null } },
      select: { id: true, schedule: true },
    });
    const wanted = new Map(policies.map((policy) => [policy.id, policy.schedule!]));
    for (const [id, job] of state.jobs) {
      if (wanted.get(id) === job.schedule) continue;
      job.cron.stop();
      state.jobs.delete(id);
    }
    for (const [id, schedule] of wanted) {
      if (state.jobs.has(id)) continue;
      try {
        // `protect`: a tick that comes while this server's previous run of the policy is still
        // going is left out here (the lease would refuse it anyway); `unref`: the jobs never keep
        // the process alive by themselves.
        const cron = new Cron(schedule, { protect: true, unref: true }, async (self: Cron) => {
          await runScheduledCleanupTick(id, tickTime(self.currentRun() ?? new Date()));
        });
        state.jobs.set(id, { cron, schedule });
      } catch (error) {
        console.error(`cleanup: policy ${id} has a schedule croner refuses (${schedule})`, error);
      }
    }
  })().finally(() => {
    state.syncing = null;
  });
  return await state.syncing;
}

/**
 * Starts the scheduler: jobs for the scheduled policies now, again at once when a policy changes
 * through this server, and every minute for changes through others. Called once when the server
 * starts (instrumentation.ts).
 */
export async function startCleanupScheduler(): Promise<void> {
  onCleanupPolicyChange(
    () => void syncCleanupSchedules().catch((error: unknown) => console.error("cleanup: scheduler sync failed", error)),
  );
  if (!state.resync) {
    state.resync = setInterval(() => void syncCleanupSchedules().catch(() => undefined), RESYNC_MS);
    state.resync.unref();
  }
  await syncCleanupSchedules();
}

/** Stops every job (tests; a server stopping needs nothing: the jobs do not hold it). */
export function stopCleanupScheduler(): void {
  onCleanupPolicyChange(null);
  if (state.resync) clearInterval(state.resync);
  state.resync = null;
  for (const job of state.jobs.values()) job.cron.stop();
  state.jobs.clear();
}

/** The policies with a job in this process, by ID, with their schedule. */
export function scheduledCleanupPolicies(): Map<string, string> {
  return new Map([...state.jobs].map(([id, job]) => [id, job.schedule]));
}

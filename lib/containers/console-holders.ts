import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { liveInstanceIds } from "@/lib/instances/queries";

/** Open consoles per user or token, across every instance sharing the database; each holds a process in a container. */
export const MAX_OPEN_PER_OWNER = 10;

/**
 * Records a console about to open (its ConsoleSession row: holder instance and owner), unless its
 * owner has MAX_OPEN_PER_OWNER open already on the live instances sharing the database: then a 409
 * and no row. The row is written first and counted with the others, so two instances opening at
 * once cannot both pass the limit (both may refuse: the safe mistake). Consoles of instances whose
 * heartbeat lapsed went with them and are not counted; ended ones (endedAt) neither.
 *
 * @example await reserveConsole({ id, owner: "user:u1", instanceId: currentInstanceId() })
 */
export async function reserveConsole({ id, owner, instanceId }: { id: string; owner: string; instanceId: string }): Promise<void> {
  const db = getDb();
  try {
    await db.consoleSession.create({ data: { id, instanceId, owner } });
  } catch (error) {
    throw new AppError("unavailable:database", "The console could not be recorded in the database, so it was not opened.", {
      cause: error,
    });
  }
  const live = [...new Set([instanceId, ...(await liveInstanceIds())])];
  const open = await db.consoleSession.count({ where: { owner, endedAt: null, instanceId: { in: live } } });
  if (open > MAX_OPEN_PER_OWNER) {
    await releaseConsole(id);
    throw new AppError(
      "conflict:console",
      `You have ${open - 1} consoles open (on all dashboard instances); close one before opening another.`,
      { details: { open: open - 1, limit: MAX_OPEN_PER_OWNER } },
    );
  }
}

/** The console's shell ended: its row stays (another instance may still ask for its exit code) but no longer counts. */
export async function markConsoleEnded(id: string): Promise<void> {
  await getDb().consoleSession.updateMany({ where: { id, endedAt: null }, data: { endedAt: new Date() } });
}

/** Forgets a console's row (it never opened, or ended over a minute ago). */
export async function releaseConsole(id: string): Promise<void> {
  await getDb().consoleSession.deleteMany({ where: { id } });
}

import "server-only";
import { beginAction, recordAction, type AuditHandle } from "@/lib/audit/actions";
import {
  assertRunnable,
  containerSkipReason,
  freedLayerBytes,
  imageSkipReason,
  pruneCommandFor,
  removalCommand,
  volumeSkipReason,
} from "@/lib/cleanup/run-rules";
import { cleanupPlanRequestSchema } from "@/lib/cleanup/schemas";
import { toCleanupPlan, toItemState, type ItemState } from "@/lib/cleanup/stored-plan";
import type { CleanupItem, CleanupItemRef, CleanupPlan, CleanupRunProgress, CleanupRunResult } from "@/lib/cleanup/types";
import { getDb } from "@/lib/db";
import { inspectContainerOnEngine, listContainersOnEngine, removeContainerOnEngine } from "@/lib/docker/containers";
import { inspectImage, removeImageOnEngine } from "@/lib/docker/images";
import { getEngineSnapshot, invalidateEngineSnapshot } from "@/lib/docker/snapshot";
import { containersUsingVolumeOnEngine, inspectVolumeOnEngine, removeVolumeOnEngine } from "@/lib/docker/volumes";
import { expireSystemDf } from "@/lib/cleanup/system-df";
import { removeBuildCacheOnEngine } from "@/lib/docker/system";
import { AppError, isAppError } from "@/lib/errors";
import { cleanReferences } from "@/lib/images/catalog";
import { getLayerRecords } from "@/lib/layers/records";

/** A claimed plan with its audit session row: what executeCleanupRun works through. */
export type PreparedCleanupRun = {
  plan: CleanupPlan;
  itemState: ItemState;
  actor: string;
  session: AuditHandle;
  pruneCommand: string | null;
  startedAt: Date;
};

const ref = (item: CleanupItem): CleanupItemRef => ({ kind: item.kind, id: item.id, name: item.name });
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const orNullWhenGone = <T>(promise: Promise<T>): Promise<T | null> =>
  promise.catch((error: unknown) => {
    if (isAppError(error) && error.type === "not_found") return null;
    throw error;
  });

/**
 * Checks a stored plan may run (exists, not run yet, at most 10 minutes old, confirmed when it
 * frees more than 1 GB or removes volumes), claims it with a conditional UPDATE (so two servers
 * sharing the database cannot both run it) and writes the run's audit session row. Throws the
 * 404 / 409 / 400 before anything is removed.
 *
 * @example const prepared = await prepareCleanupRun({ planId, actor: "ana", confirm: 3 });
 */
export async function prepareCleanupRun({
  planId,
  actor,
  confirm,
  confirmed = false,
  now = new Date(),
  sessionParams = {},
}: {
  planId: string;
  actor: string;
  confirm?: number | undefined;
  confirmed?: boolean;
  now?: Date;
  /** Extra parameters for the session row (a policy's name). */
  sessionParams?: Record<string, unknown>;
}): Promise<PreparedCleanupRun> {
  const db = getDb();
  const row = await db.cleanupPlan.findUnique({ where: { id: planId } });
  if (!row) throw new AppError("not_found:cleanup_plan", `no clean-up plan "${planId}"`);
  const plan = toCleanupPlan(row);
  assertRunnable({ plan, now, confirm, confirmed });
  const claimed = await db.cleanupPlan.updateMany({ where: { id: planId, runStartedAt: null }, data: { runStartedAt: now, runBy: actor } });
  if (claimed.count !== 1)
    throw new AppError("conflict:cleanup_plan", `Clean-up plan ${planId} is being run or was run already: make a new plan.`);

  const request = cleanupPlanRequestSchema.parse(JSON.parse(row.request));
  const pruneCommand = pruneCommandFor(request);
  const counts = countByKind(plan.items);
  let session: AuditHandle;
  try {
    session = await beginAction({
      action: "cleanup.run",
      target: planId,
      params: { planId, rules: request.rules ?? {}, keep: request.keep ?? {}, items: counts, ...sessionParams },
      command: pruneCommand ?? "",
      actor,
    });
  } catch (error) {
    // Not recorded, so not run: the plan may be run again.
    await db.cleanupPlan.updateMany({ where: { id: planId }, data: { runStartedAt: null, runBy: null } }).catch(() => undefined);
    throw error;
  }
  await db.cleanupPlan.update({ where: { id: planId }, data: { runAuditId: session.id } });
  return { plan: { ...plan, run: null }, itemState: toItemState(row), actor, session, pruneCommand, startedAt: now };
}

function countByKind(items: readonly CleanupItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return counts;
}

/**
 * Every layer (chain ID) the engine holds for an image or a container, with its size. The listed
 * images cover the intermediate build images too (each is a prefix of a listed image: one with no
 * child is listed itself), which is also how the engine's own `LayersSize` counts; containers add
 * the layers of images they run that are no longer listed.
 */
async function presentLayers(): Promise<Map<string, number>> {
  invalidateEngineSnapshot();
  const [{ images }, containers] = await Promise.all([getEngineSnapshot(), listContainersOnEngine()]);
  const records = await getLayerRecords([...new Set([...images.map((image) => image.id), ...containers.map((c) => c.ImageID)])]);
  const sizes = new Map<string, number>();
  for (const record of records.values()) record.chainIds.forEach((chainId, index) => sizes.set(chainId, record.layerSizes[index] ?? 0));
  return sizes;
}

type ItemOutcome =
  | { outcome: "removed"; command: string; writableBytes?: number }
  | { outcome: "skipped"; reason: string }
  | { outcome: "failed"; error: string; command?: string };

async function removeItem(item: CleanupItem, prepared: PreparedCleanupRun): Promise<ItemOutcome> {
  if (item.blocked) return { outcome: "skipped", reason: `blocked when planned: ${item.blockedReason ?? "in use"}` };
  const audit = (action: string, params: Record<string, unknown>, command: string) => ({
    action,
    target: item.name,
    params: { ...params, planId: prepared.plan.id },
    command,
    actor: prepared.actor,
    sessionId: prepared.session.id,
  });
  const attempt = async (command: string, run: () => Promise<unknown>): Promise<ItemOutcome> => {
    try {
      await run();
      return { outcome: "removed", command };
    } catch (error) {
      return { outcome: "failed", error: messageOf(error), command };
    }
  };

  switch (item.kind) {
    case "image": {
      const image = await orNullWhenGone(inspectImage(item.id));
      const users = image ? (await listContainersOnEngine()).filter((container) => container.ImageID === item.id) : [];
      const tags = cleanReferences(image?.RepoTags);
      const reason = imageSkipReason({
        plannedTags: prepared.itemState.imageTags[item.id],
        current: image ? { repoTags: tags, users: users.map((user) => ({ name: (user.Names?.[0] ?? user.Id).replace(/^\//, "") })) } : null,
      });
      if (reason) return { outcome: "skipped", reason };
      const command = removalCommand(item, tags);
      return attempt(command, () =>
        recordAction(audit("image.remove", { image: item.id, tags }, command), async () => {
          // Tag by tag without force, as `docker rmi a:1 a:2` does: the last untag deletes the
          // image, and the engine still refuses if a container took it up meanwhile.
          const result = { untagged: [] as string[], deleted: [] as string[] };
          for (const name of tags.length > 0 ? tags : [item.id]) {
            const removed = await removeImageOnEngine({ ref: name, force: false, noPrune: false });
            result.untagged.push(...removed.untagged);
            result.deleted.push(...removed.deleted);
          }
          const left = await orNullWhenGone(inspectImage(item.id));
          if (left) {
            throw new AppError(
              "conflict:image",
              `Image ${item.name} is still on the engine as ${cleanReferences(left.RepoTags).join(", ") || "untagged"} (tagged meanwhile).`,
            );
          }
          return result;
        }),
      );
    }
    case "container": {
      const container = await orNullWhenGone(inspectContainerOnEngine(item.id, { withSize: true }));
      const reason = containerSkipReason(container ? { state: container.State.Status } : null);
      if (reason || !container) return { outcome: "skipped", reason: reason ?? "no longer on the engine" };
      const command = removalCommand(item);
      const outcome = await attempt(command, () =>
        recordAction(audit("container.remove", { container: item.id, force: false, volumes: false }, command), () =>
          removeContainerOnEngine(item.id, { force: false, volumes: false }),
        ),
      );
      return outcome.outcome === "removed" ? { ...outcome, writableBytes: container.SizeRw ?? 0 } : outcome;
    }
    case "volume": {
      const volume = await orNullWhenGone(inspectVolumeOnEngine(item.id));
      const users = volume ? await containersUsingVolumeOnEngine(item.id) : [];
      const reason = volumeSkipReason(
        volume ? { users: users.map((user) => ({ name: (user.Names?.[0] ?? user.Id).replace(/^\//, "") })) } : null,
      );
      if (reason) return { outcome: "skipped", reason };
      const command = removalCommand(item);
      return attempt(command, () => recordAction(audit("volume.remove", { name: item.id }, command), () => removeVolumeOnEngine(item.id)));
    }
    case "build-cache": {
      const command = removalCommand(item);
      let kept = false;
      const outcome = await attempt(command, () =>
        recordAction(audit("build-cache.remove", { id: item.id }, command), async () => {
          const pruned = await removeBuildCacheOnEngine(item.id);
          // The prune answers 200 also when its filter matched nothing it may delete.
          kept = !pruned.removed.includes(item.id);
          return pruned;
        }),
      );
      return kept && outcome.outcome === "removed"
        ? { outcome: "skipped", reason: "the engine kept it: shared since the plan with an image or another cache record" }
        : outcome;
    }
  }
}

/**
 * Removes a prepared plan's items one by one in plan order (containers first, so that their images
 * can go after them), re-checking each just before (see run-rules), and reports each as it is
 * removed, skipped or failed with the bytes freed so far. Each removal has its own audit row linked
 * to the session row; the session row gets the counts, bytes and outcome (failed when any item
 * failed). Bytes are the layers present before and gone after, by chain ID, in the engine's sizes.
 */
export async function executeCleanupRun(
  prepared: PreparedCleanupRun,
  onProgress: (line: CleanupRunProgress) => void = () => undefined,
): Promise<CleanupRunResult> {
  const { plan, session } = prepared;
  const total = plan.items.length;
  onProgress({ type: "started", planId: plan.id, total, auditId: session.id });
  const removed: CleanupRunResult["removed"] = [];
  const skipped: CleanupRunResult["skipped"] = [];
  const failed: CleanupRunResult["failed"] = [];
  let freedLayers = 0;
  let freedWritable = 0;
  let result: CleanupRunResult | null = null;
  try {
    const before = await presentLayers();
    for (const [index, item] of plan.items.entries()) {
      let outcome: ItemOutcome;
      try {
        outcome = await removeItem(item, prepared);
      } catch (error) {
        // The re-check itself failed (engine gone): the item was not touched.
        outcome = { outcome: "failed", error: messageOf(error) };
      }
      if (outcome.outcome === "removed") {
        removed.push({ ...ref(item), command: outcome.command });
        freedWritable += outcome.writableBytes ?? 0;
        if (item.kind === "image") freedLayers = freedLayerBytes(before, new Set((await presentLayers()).keys()));
      } else if (outcome.outcome === "skipped") skipped.push({ item: ref(item), reason: outcome.reason });
      else failed.push({ item: ref(item), error: outcome.error });
      onProgress({
        type: "item",
        index,
        total,
        item: ref(item),
        outcome: outcome.outcome,
        ...(outcome.outcome === "skipped" ? { reason: outcome.reason } : {}),
        ...(outcome.outcome === "failed" ? { error: outcome.error } : {}),
        ...(outcome.outcome !== "skipped" && outcome.command ? { command: outcome.command } : {}),
        freedBytes: freedLayers + freedWritable,
      });
    }
    result = {
      planId: plan.id,
      removed,
      skipped,
      failed,
      freedBytes: freedLayers + freedWritable,
      freedLayerBytes: freedLayers,
      freedWritableBytes: freedWritable,
      pruneCommand: prepared.pruneCommand,
      auditId: session.id,
      startedAt: prepared.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    };
    const summary = { removed: removed.length, skipped: skipped.length, failed: failed.length, freedBytes: result.freedBytes };
    if (failed.length > 0) await session.fail(new Error(`${failed.length} of ${total} removals failed`), summary);
    else await session.succeed(summary);
    expireSystemDf();
    return result;
  } catch (error) {
    await session.fail(error, { removed: removed.length, skipped: skipped.length, failed: failed.length });
    throw error;
  } finally {
    await getDb()
      .cleanupPlan.update({
        where: { id: plan.id },
        data: { runFinishedAt: new Date(), ...(result ? { runResult: JSON.stringify(result) } : {}) },
      })
      .catch((error: unknown) => console.error("cleanup: could not store the run's result", plan.id, error));
  }
}

/**
 * The run as a generator of progress lines returning the summary (for operationResponse). The
 * run itself does not depend on the reader: a client that goes away stops reading, not removing,
 * so a session is never left half done because a tab closed.
 */
export async function* cleanupRunProgress(prepared: PreparedCleanupRun): AsyncGenerator<CleanupRunProgress, CleanupRunResult> {
  const queue: CleanupRunProgress[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  const running = executeCleanupRun(prepared, (line) => {
    queue.push(line);
    wake?.();
  }).finally(() => {
    finished = true;
    wake?.();
  });
  // Reported through the awaited promise below; this only keeps an abandoned run from being unhandled.
  running.catch(() => undefined);
  for (;;) {
    while (queue.length > 0) yield queue.shift()!;
    if (finished) return await running;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
}

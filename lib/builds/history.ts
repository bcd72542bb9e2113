import "server-only";
import path from "node:path";
import type { PreviousBuild } from "@/lib/builds/cache-miss";
import type { ContextHashes } from "@/lib/builds/context-hashes";
import type { BuildOutcome, BuildSource, StoredBuildStep } from "@/lib/builds/types";
import { currentServerProcess, formatServerProcess, isPidAlive, isProcessGone, parseServerProcess } from "@/lib/audit/server-process";
import { getDb } from "@/lib/db";
import { getDockerHost } from "@/lib/docker/client";
import type { EngineBuildOptions } from "@/lib/docker/builds";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { StoredLog } from "@/lib/builds/log-store";

/** The error text of a build whose server process stopped while it ran. */
export const BUILD_INTERRUPTED_ERROR = "The server process stopped before the build finished";

/** Where whole logs (and kept contexts) of builds live: DASHBOARD_DATA_DIR/builds. */
export function buildFilesDir(): string {
  return path.join(getEnv().dataDir, "builds");
}

/**
 * Which earlier builds are "the previous build" of one: the same first tag, or for an untagged
 * build the same source and Dockerfile path.
 *
 * @example compareKeyOf({ tags: ["app:1"] }, "typed", "Dockerfile") // "tag:app:1"
 */
export function compareKeyOf(options: Pick<EngineBuildOptions, "tags">, source: BuildSource, dockerfilePath: string): string {
  return options.tags[0] ? `tag:${options.tags[0]}` : `untagged:${source}:${dockerfilePath}`;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Writes the row of a build that is about to start (outcome "running"), with what a rebuild needs.
 * If the row cannot be written the build must not run: a 503.
 */
export async function createBuildRecord(entry: {
  actor: string;
  source: BuildSource;
  options: EngineBuildOptions;
  command: string;
  dockerfile: string | null;
  files: Record<string, string> | null;
  remote: string | null;
  contextHashes: ContextHashes | null;
}): Promise<{ id: string; previous: PreviousBuild | null }> {
  const dockerfilePath = entry.options.dockerfile ?? "Dockerfile";
  const compareKey = compareKeyOf(entry.options, entry.source, dockerfilePath);
  const db = getDb();
  try {
    const previousRow = await db.build.findFirst({
      where: { compareKey, outcome: { in: ["succeeded", "failed"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, steps: true, contextHashes: true, options: true },
    });
    const row = await db.build.create({
      data: {
        actor: entry.actor,
        engine: getDockerHost(),
        outcome: "running",
        source: entry.source,
        dockerfilePath,
        dockerfile: entry.dockerfile,
        files: entry.files ? JSON.stringify(entry.files) : null,
        remote: entry.remote,
        options: JSON.stringify(entry.options),
        tags: JSON.stringify(entry.options.tags),
        compareKey,
        previousBuildId: previousRow?.id ?? null,
        command: entry.command,
        contextHashes: entry.contextHashes ? JSON.stringify(entry.contextHashes) : null,
        serverProcess: formatServerProcess(currentServerProcess()),
      },
      select: { id: true },
    });
    const previous: PreviousBuild | null = previousRow
      ? {
          id: previousRow.id,
          steps: parseJson<StoredBuildStep[]>(previousRow.steps, []),
          contextHashes: parseJson<ContextHashes | null>(previousRow.contextHashes, null),
          buildArgs: parseJson<Partial<EngineBuildOptions>>(previousRow.options, {}).buildArgs ?? {},
        }
      : null;
    return { id: row.id, previous };
  } catch (error) {
    throw new AppError("unavailable:database", "The build history cannot be written, so the build was not run.", { cause: error });
  }
}

/** Completes a build's row once, whatever happened; a failure to write is logged, never thrown over the build's own outcome. */
export async function finishBuildRecord(
  id: string,
  data: {
    outcome: Exclude<BuildOutcome, "running">;
    imageId?: string | null;
    tags?: string[];
    lastImageId?: string | null;
    error?: string | null;
    steps: StoredBuildStep[];
    cacheHits: number;
    durationMs: number;
    log: StoredLog;
    contextHashes?: ContextHashes | null;
    dockerfile?: string | null;
  },
): Promise<void> {
  await getDb()
    .build.update({
      where: { id },
      data: {
        outcome: data.outcome,
        finishedAt: new Date(),
        imageId: data.imageId ?? null,
        ...(data.tags ? { tags: JSON.stringify(data.tags) } : {}),
        lastImageId: data.lastImageId ?? null,
        error: data.error ?? null,
        steps: JSON.stringify(data.steps),
        cacheHits: data.cacheHits,
        durationMs: data.durationMs,
        log: data.log.log,
        logBytes: data.log.logBytes,
        logFile: data.log.logFile,
        ...(data.contextHashes !== undefined ? { contextHashes: data.contextHashes ? JSON.stringify(data.contextHashes) : null } : {}),
        ...(data.dockerfile !== undefined && data.dockerfile !== null ? { dockerfile: data.dockerfile } : {}),
      },
    })
    .catch((error: unknown) => console.error("builds: could not complete build", id, error));
}

/**
 * Completes as failed the "running" rows whose server process is known to be gone (see
 * lib/audit/server-process): read paths call it, so no row stays "running" forever after a crash.
 * Returns how many it completed.
 */
export async function settleStaleBuilds(): Promise<number> {
  const db = getDb();
  const running = await db.build.findMany({ where: { outcome: "running" }, select: { id: true, serverProcess: true } });
  const self = currentServerProcess();
  const gone = running.filter((row) => {
    const writer = parseServerProcess(row.serverProcess);
    return writer !== null && isProcessGone(writer, self, isPidAlive);
  });
  if (gone.length === 0) return 0;
  const { count } = await db.build.updateMany({
    where: { id: { in: gone.map((row) => row.id) }, outcome: "running" },
    data: { outcome: "failed", error: BUILD_INTERRUPTED_ERROR, finishedAt: new Date() },
  });
  return count;
}

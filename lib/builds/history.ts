import "server-only";
import path from "node:path";
import type { PreviousBuild } from "@/lib/builds/cache-miss";
import type { ContextHashes } from "@/lib/builds/context-hashes";
import type { BuildOutcome, BuildSource, StoredBuildStep } from "@/lib/builds/types";
import { Readable } from "node:stream";
import { getDb } from "@/lib/db";
import { getDockerHost } from "@/lib/docker/client";
import type { EngineBuildOptions } from "@/lib/docker/builds";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { LogChunkSink, StoredLog } from "@/lib/builds/log-store";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { currentInstanceId, findGoneInstances } from "@/lib/instances/queries";
import type { ServerProcess } from "@/lib/instances/server-process";

/** The error text of a build whose server process stopped while it ran. */
export const BUILD_INTERRUPTED_ERROR = "The server process stopped before the build finished";

/**
 * Where this instance keeps uploaded contexts for Rebuild (and where whole logs of builds from
 * before the log moved to the database were written): DASHBOARD_DATA_DIR/builds.
 */
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
        serverProcess: currentInstanceId(),
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
    /** Whether this instance kept the uploaded context (in its data directory) for Rebuild. */
    contextKept?: boolean;
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
        ...(data.contextKept ? { contextKeptBy: currentInstanceId() } : {}),
        ...(data.contextHashes !== undefined ? { contextHashes: data.contextHashes ? JSON.stringify(data.contextHashes) : null } : {}),
        ...(data.dockerfile !== undefined && data.dockerfile !== null ? { dockerfile: data.dockerfile } : {}),
      },
    })
    .catch((error: unknown) => console.error("builds: could not complete build", id, error));
}

/**
 * Completes as failed the "running" rows whose instance is gone: its heartbeat lapsed, or (for a
 * process that never beat) it ran on this host and its pid is gone (lib/instances
 * findGoneInstances, the audit log's rule). A build of an instance that still beats is never
 * touched, whichever host asks. Read paths call it, so no row stays "running" forever after a
 * crash. Returns how many it completed.
 */
export async function settleStaleBuilds(
  options: { self?: ServerProcess; isAlive?: (pid: number) => boolean; now?: Date; lapseMs?: number } = {},
): Promise<number> {
  const db = getDb();
  const running = await db.build.findMany({ where: { outcome: "running" }, select: { id: true, serverProcess: true } });
  if (running.length === 0) return 0;
  const gone = await findGoneInstances(
    running.map((row) => row.serverProcess),
    options,
  );
  let count = 0;
  for (const [instance, reason] of gone) {
    const ids = running.filter((row) => row.serverProcess === instance).map((row) => row.id);
    const settled = await db.build.updateMany({
      where: { id: { in: ids }, outcome: "running" },
      data: { outcome: "failed", error: `${BUILD_INTERRUPTED_ERROR} (${reason}).`, finishedAt: options.now ?? new Date() },
    });
    count += settled.count;
  }
  return count;
}

/**
 * Where a build's log goes once it is larger than the row keeps: BuildLogChunk rows, in order, so
 * that every instance sharing the database can serve it. `db` is the store's client unless given
 * (a test writes through one client and reads through another).
 *
 * @example new BuildLogStore(buildLogChunkSink(id))
 */
export function buildLogChunkSink(buildId: string, db: PrismaClient = getDb()): LogChunkSink {
  return {
    write: async (seq, bytes) => {
      // Raw, not buildLogChunk.create: the same row, but the client's own path costs about 2.5
      // times as long per 256 KiB piece (measured: 21 against 9 ms on SQLite, 31 against 10 on
      // PostgreSQL), and the build waits for each piece. Quoted names: the same text on both stores.
      await db.$executeRaw`INSERT INTO "BuildLogChunk" ("buildId", "seq", "bytes") VALUES (${buildId}, ${seq}, ${bytes})`;
    },
    discard: async () => {
      await db.buildLogChunk.deleteMany({ where: { buildId } });
    },
  };
}

/** Pieces read per query: a few MiB at most in memory while a reader streams a large log. */
const LOG_CHUNKS_PER_PAGE = 8;

/** Whether a build's whole log is stored in pieces (it was larger than the row keeps). */
export async function hasLogChunks(buildId: string, db: PrismaClient = getDb()): Promise<boolean> {
  return (await db.buildLogChunk.findFirst({ where: { buildId }, select: { seq: true } })) !== null;
}

/**
 * A build's whole log from its pieces, page by page as the reader pulls (a stream never holds more
 * than one page), from any instance. Empty when the log fit the row.
 *
 * @example await text(readLogChunks(id))
 */
export function readLogChunks(buildId: string, db: PrismaClient = getDb()): Readable {
  async function* pages(): AsyncGenerator<Buffer> {
    let after = -1;
    for (;;) {
      const rows = await db.buildLogChunk.findMany({
        where: { buildId, seq: { gt: after } },
        orderBy: { seq: "asc" },
        take: LOG_CHUNKS_PER_PAGE,
      });
      for (const row of rows) yield Buffer.from(row.bytes);
      if (rows.length < LOG_CHUNKS_PER_PAGE) return;
      after = rows.at(-1)!.seq;
    }
  }
  return Readable.from(pages(), { objectMode: false });
}

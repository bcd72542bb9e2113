import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { buildFilesDir, hasLogChunks, readLogChunks, settleStaleBuilds } from "@/lib/builds/history";
import { hasKeptContext } from "@/lib/builds/kept-context";
import type { BuildDetail, BuildListQuery, BuildOutcome, BuildPage, BuildSource, BuildSummary, StoredBuildStep } from "@/lib/builds/types";
import type { EngineBuildOptions } from "@/lib/docker/builds";
import { getDb } from "@/lib/db";
import { AppError, BadRequestError } from "@/lib/errors";
import type { Build } from "@/lib/generated/prisma/client";

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function summaryOf(row: Build): BuildSummary {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    actor: row.actor,
    outcome: row.outcome as BuildOutcome,
    source: row.source as BuildSource,
    dockerfilePath: row.dockerfilePath,
    tags: parseJson<string[]>(row.tags, []),
    imageId: row.imageId,
    lastImageId: row.lastImageId,
    error: row.error,
    stepCount: parseJson<unknown[]>(row.steps, []).length,
    cacheHits: row.cacheHits,
    durationMs: row.durationMs,
    command: row.command,
  };
}

/**
 * Builds newest first; `nextCursor` fetches the following page. Rows a stopped server left
 * "running" are completed first.
 *
 * @example await listBuilds({ tag: "app:1", limit: 20 })
 */
export async function listBuilds(query: Partial<BuildListQuery>): Promise<BuildPage> {
  const limit = query.limit ?? 50;
  await settleStaleBuilds();
  const db = getDb();
  // Prisma answers an unknown cursor with an empty page, which reads as "no more builds".
  if (query.cursor && !(await db.build.findUnique({ where: { id: query.cursor }, select: { id: true } }))) {
    const message = "no build has this ID; use the nextCursor of an earlier page";
    throw new BadRequestError("cursor", `Invalid query: cursor: ${message}`, { details: { fields: [{ path: "cursor", message }] } });
  }
  const rows = await db.build.findMany({
    where: {
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.tag ? { compareKey: `tag:${query.tag}` } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return { builds: page.map(summaryOf), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** A build's row, or a 404. */
export async function getBuildRow(id: string): Promise<Build> {
  await settleStaleBuilds();
  const row = await getDb().build.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:build", `No build "${id}".`);
  return row;
}

/** The options a stored build ran with. */
export function storedBuildOptions(row: Build): EngineBuildOptions {
  return parseJson<EngineBuildOptions>(row.options, { tags: [], buildArgs: {}, labels: {}, nocache: false, pull: false });
}

/**
 * A build with its steps, options, outcome and log (its end, when it is larger than the row keeps).
 *
 * @example (await getBuild("clx…")).steps[0].instruction // "FROM local/busybox:1"
 */
export async function getBuild(id: string): Promise<BuildDetail> {
  const row = await getBuildRow(id);
  const hashes = parseJson<Record<string, string> | null>(row.contextHashes, null);
  return {
    ...summaryOf(row),
    options: storedBuildOptions(row),
    dockerfile: row.dockerfile,
    files: Object.keys(parseJson<Record<string, string>>(row.files, {})),
    remote: row.remote,
    steps: parseJson<StoredBuildStep[]>(row.steps, []),
    log: row.log,
    logBytes: row.logBytes,
    logTruncated: row.logFile !== null || (await hasLogChunks(row.id)),
    contextFileCount: hashes ? Object.keys(hashes).length : null,
    previousBuildId: row.previousBuildId,
    rebuildable: row.source !== "upload" || hasKeptContext(row.id),
    cancelRequestedAt: row.cancelRequestedAt?.toISOString() ?? null,
    cancelledBy: row.cancelledBy,
  };
}

/**
 * The whole log of a build as a stream, read from the database page by page when the row kept only
 * its end (whichever instance ran the build), else the row's log. A build from before the log moved
 * to the database may have it in a file of the data directory of the instance that ran it.
 *
 * @example new Response(await openBuildLog(id), { headers: { "content-type": "text/plain" } })
 */
export async function openBuildLog(id: string): Promise<Readable> {
  const row = await getBuildRow(id);
  if (await hasLogChunks(row.id)) return readLogChunks(row.id);
  if (row.logFile) {
    const file = path.join(buildFilesDir(), path.basename(row.logFile));
    if (fs.existsSync(file)) return fs.createReadStream(file);
  }
  return Readable.from([Buffer.from(row.log)]);
}

/**
 * The images stored builds link to: each build's result, its last good step (what a failed build
 * is debugged from) and its steps' images, as 12-character short IDs (how the engine names steps).
 * Clean-up keeps these unless they are asked for by name.
 */
export async function imagesLinkedByBuilds(): Promise<Set<string>> {
  const rows = await getDb().build.findMany({ select: { imageId: true, lastImageId: true, steps: true } });
  const linked = new Set<string>();
  const add = (id: string | null | undefined) => {
    const hex = id?.replace(/^sha256:/, "");
    if (hex && /^[0-9a-f]{12,64}$/.test(hex)) linked.add(hex.slice(0, 12));
  };
  for (const row of rows) {
    add(row.imageId);
    add(row.lastImageId);
    for (const step of parseJson<StoredBuildStep[]>(row.steps, [])) add(step.imageId);
  }
  return linked;
}

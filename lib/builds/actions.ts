import "server-only";
import fs from "node:fs";
import type { Readable } from "node:stream";
import { sniffArchive } from "@/lib/archive/sniff";
import { peekStream } from "@/lib/archive/streams";
import { beginAction, recordAction, type AuditHandle } from "@/lib/audit/actions";
import { CacheMissExplainer, type PreviousBuild } from "@/lib/builds/cache-miss";
import { contextOfTypedDockerfile } from "@/lib/builds/context";
import {
  hasKeptContext,
  KEPT_CONTEXTS,
  keepWhileStreaming,
  keptContextPath,
  MAX_KEPT_CONTEXT_BYTES,
  storeKeptContext,
} from "@/lib/builds/kept-context";
import { hashContextWhileStreaming, hashTypedContext, type ContextDigest, type ContextHashes } from "@/lib/builds/context-hashes";
import { buildLogChunkSink, createBuildRecord, finishBuildRecord } from "@/lib/builds/history";
import { BuildLogParser, type BuildMessage } from "@/lib/builds/log";
import { BuildLogStore } from "@/lib/builds/log-store";
import { dockerBuildCommand } from "@/lib/builds/options";
import { getBuildRow, storedBuildOptions } from "@/lib/builds/queries";
import { cancelTrackedBuild, trackBuild, type BuildTracker } from "@/lib/builds/running";
import type { BuildCancelResult, BuildEvent, BuildOutcome, BuildResult, BuildSource, BuildStep, CacheMiss } from "@/lib/builds/types";
import { getDb } from "@/lib/db";
import { buildImageOnEngine, engineBuildRefusal, type EngineBuildOptions } from "@/lib/docker/builds";
import { AppError, BadRequestError, isAppError } from "@/lib/errors";
import { currentInstanceId, findInstance } from "@/lib/instances/queries";
import type { ProgressMessage } from "@/lib/progress/docker-progress";

const CLIENT_GONE = "the client went away before the build finished; the build was stopped";
// stderr of a RUN arrives wrapped in colour codes (ESC[91m … ESC[0m); the stored log is plain text.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** A build as it runs: its events (its ID, steps, output lines, finished steps), then its result. */
export type BuildOperation = AsyncGenerator<BuildEvent, BuildResult>;

/** Where the context comes from. */
export type BuildInput =
  /** An uploaded archive, streamed to the engine as it arrives. */
  | { source: "upload"; body: Readable }
  /** A Dockerfile typed in, with small files, packed into a tar by the server. */
  | { source: "typed"; dockerfile: string; files: Record<string, string> }
  /** A URL the engine fetches (a tarball, a Dockerfile, a git repository). */
  | { source: "remote"; remote: string };

/**
 * Checks that an uploaded context is an archive the engine unpacks (tar, gzip, bzip2 or xz),
 * from its first bytes, before anything reaches the engine; the stream goes on untouched.
 */
async function checkedContext(body: Readable): Promise<{ head: Buffer; whole: Readable }> {
  const { head, whole } = await peekStream(body, 512);
  const kind = sniffArchive(head);
  if (kind === null || kind === "zstd") {
    whole.destroy();
    throw new BadRequestError("archive", "The build context is not a tar archive (plain, gzip, bzip2 or xz); nothing was built.");
  }
  return { head, whole };
}

/** The build's context for the engine, and its files' hashes (known now, or once the upload has streamed by). */
async function prepareContext(
  input: BuildInput,
  dockerfilePath: string,
): Promise<{
  context: Readable | null;
  hashes: ContextHashes | null;
  digest: Promise<ContextDigest> | null;
  dockerfile: string | null;
  kept: Promise<string | null> | null;
}> {
  // The engine fetches a remote context itself: the dashboard never sees its files.
  if (input.source === "remote") return { context: null, hashes: null, digest: null, dockerfile: null, kept: null };
  if (input.source === "typed") {
    const context = contextOfTypedDockerfile({ dockerfile: input.dockerfile, files: input.files }, dockerfilePath);
    return {
      context,
      hashes: hashTypedContext({ ...input.files, [dockerfilePath]: input.dockerfile }),
      digest: null,
      dockerfile: input.dockerfile,
      kept: null,
    };
  }
  const { head, whole } = await checkedContext(input.body);
  // Kept on disk as it streams by, for Rebuild.
  const { stream, kept } = keepWhileStreaming(whole);
  const { toEngine, digest } = hashContextWhileStreaming(stream, dockerfilePath, head);
  return { context: toEngine, hashes: null, digest, dockerfile: null, kept };
}

/**
 * `docker build` through the engine (classic builder): validates, writes the audit row with the
 * equivalent `docker build` line and the build's history row (outcome "running"), streams the
 * context to the engine (hashing its files on the way) and reads its log into steps as it comes,
 * saying for each rebuilt step why it missed the cache. A failing step ends the operation with a
 * 422 naming the step, the last good step's image (run a container from it to debug) and the end
 * of the log. The history row is completed whatever happens; a cancel (POST
 * /api/builds/{id}/cancel) or the client going away stops the build on the engine.
 *
 * @example
 * const operation = await buildImage({ input: { source: "typed", dockerfile, files: {} }, options: buildOptionsOf(query), actor: "ops" });
 * for (;;) { const next = await operation.next(); if (next.done) return next.value.imageId; }
 */
export async function buildImage({
  input,
  options,
  actor,
  signal,
}: {
  input: BuildInput;
  options: EngineBuildOptions;
  actor: string;
  /** The request's signal: a client that goes away stops the build on the engine. */
  signal?: AbortSignal;
}): Promise<BuildOperation> {
  const dockerfilePath = options.dockerfile ?? "Dockerfile";
  const refusal = await engineBuildRefusal();
  if (refusal) {
    if (input.source === "upload") input.body.destroy();
    throw refusal;
  }
  const prepared = await prepareContext(input, dockerfilePath);
  const source: BuildSource = input.source;
  const command = dockerBuildCommand(options, input.source === "upload" ? "-" : input.source === "remote" ? input.remote : ".");
  let handle: AuditHandle;
  let record: { id: string; previous: PreviousBuild | null };
  try {
    handle = await beginAction({
      action: "image.build",
      target: options.tags[0] ?? "(untagged)",
      params: {
        source,
        tags: options.tags,
        buildArgs: options.buildArgs,
        labels: options.labels,
        target: options.target,
        dockerfile: options.dockerfile,
        nocache: options.nocache,
        pull: options.pull,
        memory: options.memory,
        cpushares: options.cpushares,
        cpusetcpus: options.cpusetcpus,
      },
      command,
      actor,
    });
  } catch (error) {
    prepared.context?.destroy();
    throw error;
  }
  try {
    record = await createBuildRecord({
      actor,
      source,
      options,
      command,
      dockerfile: prepared.dockerfile,
      files: input.source === "typed" ? input.files : null,
      remote: input.source === "remote" ? input.remote : null,
      contextHashes: prepared.hashes,
    });
  } catch (error) {
    prepared.context?.destroy();
    await handle.fail(error);
    throw error;
  }
  const tracker = trackBuild(record.id);
  const stop = signal ? AbortSignal.any([signal, tracker.signal]) : tracker.signal;
  return runBuild({
    id: record.id,
    handle,
    tracker,
    messages: buildImageOnEngine({
      context: prepared.context,
      ...(input.source === "remote" ? { remote: input.remote } : {}),
      options,
      signal: stop,
    }),
    options,
    previous: record.previous,
    hashes: prepared.hashes,
    digest: prepared.digest,
    kept: prepared.kept,
    signal,
  });
}

/** The text a message adds to the stored log. */
function logTextOf(message: BuildMessage): string {
  if (typeof message.stream === "string") return message.stream.replace(ANSI, "");
  if (message.error !== undefined || message.errorDetail !== undefined) return `${message.error ?? message.errorDetail?.message ?? ""}\n`;
  if (typeof message.status === "string" && !message.progressDetail?.total)
    return `${message.id ? `${message.id}: ` : ""}${message.status}\n`;
  return "";
}

async function* runBuild({
  id,
  handle,
  tracker,
  messages,
  options,
  previous,
  hashes: knownHashes,
  digest,
  kept,
  signal,
}: {
  id: string;
  handle: AuditHandle;
  tracker: BuildTracker;
  messages: AsyncGenerator<ProgressMessage>;
  options: EngineBuildOptions;
  previous: PreviousBuild | null;
  hashes: ContextHashes | null;
  digest: Promise<ContextDigest> | null;
  kept: Promise<string | null> | null;
  signal?: AbortSignal;
}): BuildOperation {
  const started = Date.now();
  const log = new BuildLogParser();
  const store = new BuildLogStore(buildLogChunkSink(id));
  let hashes = knownHashes;
  let dockerfile: string | null = null;
  let digestRead = digest === null;
  // The engine unpacks the whole context before its first step, so by the first finished step the
  // hasher (reading the same bytes) is done or nearly: waiting for it there costs nothing.
  const readDigest = async () => {
    if (digestRead || !digest) return;
    digestRead = true;
    const read = await digest;
    hashes = read?.hashes ?? null;
    dockerfile = read?.dockerfile ?? null;
  };
  const explainer = new CacheMissExplainer({ previous, nocache: options.nocache, buildArgs: options.buildArgs, hashes: () => hashes });
  const misses = new Map<number, CacheMiss | null>();
  const explain = (step: Omit<BuildStep, "output">): CacheMiss | null => {
    if (!misses.has(step.index)) misses.set(step.index, explainer.explain(step));
    return misses.get(step.index) ?? null;
  };
  async function* decorated(events: BuildEvent[]): AsyncGenerator<BuildEvent> {
    for (const event of events) {
      if (event.type === "step-done") {
        await readDigest();
        yield { type: "step-done", step: { ...event.step, cacheMiss: explain(event.step) } };
      } else {
        yield event;
      }
    }
  }
  const stepsSoFar = (): BuildStep[] => log.steps.map((step) => ({ ...step, cacheMiss: step.cached ? null : explain(step) }));
  const finish = async (outcome: "succeeded" | "failed" | "cancelled", extra: { imageId?: string; tags?: string[]; error?: string }) => {
    if (!digestRead && digest) {
      // An upload refused before it was read whole leaves the hasher with nothing more to come.
      await Promise.race([readDigest(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
    let contextKept = false;
    if (kept) {
      const upload = await Promise.race([kept, new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000).unref())]);
      // Not kept is not a failure of the build: it only cannot be rebuilt in one click.
      contextKept = await storeKeptContext(upload, id).catch(() => false);
    }
    const steps = stepsSoFar();
    await finishBuildRecord(id, {
      outcome,
      imageId: extra.imageId ?? null,
      ...(extra.tags ? { tags: extra.tags } : {}),
      lastImageId: log.lastImageId,
      error: extra.error ?? null,
      steps: steps.map(({ output: _output, ...step }) => step),
      cacheHits: log.cacheHits,
      durationMs: Date.now() - started,
      log: await store.close(),
      ...(digest ? { contextHashes: hashes, dockerfile } : {}),
      contextKept,
    });
  };

  let settled = false;
  try {
    let next = await messages.next();
    // The engine has accepted the build: from here on the caller can find it and cancel it.
    yield { type: "build", id };
    while (!next.done) {
      const message = next.value as BuildMessage;
      await store.append(logTextOf(message));
      yield* decorated(log.push(message));
      next = await messages.next();
    }
    yield* decorated(log.finish());
    if (log.error) {
      const failed = log.failedStep;
      throw new AppError(
        "unprocessable:build",
        failed ? `Step ${failed.index} (${failed.instruction}) failed: ${log.error.message}` : `The build failed: ${log.error.message}`,
        {
          details: {
            id,
            step: failed ? { index: failed.index, instruction: failed.instruction } : null,
            lastImageId: log.lastImageId,
            logTail: log.logTail,
          },
        },
      );
    }
    const imageId = log.imageId;
    if (!imageId)
      throw new AppError("upstream:engine", "The engine ended the build without naming the image it built.", { details: { id } });
    const steps = stepsSoFar();
    const result: BuildResult = {
      id,
      imageId,
      tags: log.tags.length > 0 ? log.tags : options.tags,
      steps,
      cacheHits: log.cacheHits,
      durationMs: Date.now() - started,
      warnings: log.warnings,
    };
    settled = true;
    await finish("succeeded", { imageId, tags: result.tags });
    await handle.succeed({
      id,
      imageId,
      tags: result.tags,
      steps: steps.length,
      cacheHits: result.cacheHits,
      durationMs: result.durationMs,
    });
    return result;
  } catch (error) {
    settled = true;
    if (tracker.signal.aborted) {
      const by = tracker.cancelledBy();
      const cancelled = new AppError("conflict:build", `The build was cancelled${by ? ` by ${by}` : ""}; the engine stopped it.`, {
        details: { id, lastImageId: log.lastImageId },
        cause: error,
      });
      await finish("cancelled", { error: cancelled.message });
      await handle.fail(cancelled);
      throw cancelled;
    }
    if (signal?.aborted) {
      await finish("cancelled", { error: CLIENT_GONE });
      await handle.fail(new Error(CLIENT_GONE));
      throw error;
    }
    const failure =
      isAppError(error) && !error.details?.id
        ? new AppError(error.code, error.message, { details: { ...error.details, id }, cause: error })
        : error;
    await finish("failed", { error: error instanceof Error ? error.message : String(error) });
    await handle.fail(error);
    throw failure;
  } finally {
    tracker.release();
    // A client that goes away closes this generator: closing the engine request stops the build.
    await messages.return(undefined);
    if (!settled) {
      await finish("cancelled", { error: CLIENT_GONE });
      await handle.fail(new Error(CLIENT_GONE));
    }
  }
}

/** How long a cancel waits for the build to stop before answering that it is still stopping. */
const CANCEL_WAIT_MS = 15_000;

/**
 * Stops a running build: in this process at once, or through the build's row when another server
 * process holds its request (it polls for the request and closes its engine request, which is what
 * stops a classic build; the engine removes the running step's container). Waits until the build's
 * row says it ended. Audited; a build that is not running is a 409.
 *
 * @example await cancelBuild({ id, actor: "ana" }) // { id, outcome: "cancelled", stopped: true }
 */
export async function cancelBuild({ id, actor }: { id: string; actor: string }): Promise<BuildCancelResult> {
  const row = await getBuildRow(id);
  if (row.outcome !== "running") {
    throw new AppError("conflict:build", `The build is not running (it ${row.outcome === "cancelled" ? "was cancelled" : row.outcome}).`, {
      details: { id, outcome: row.outcome },
    });
  }
  const tags = JSON.parse(row.tags) as string[];
  return recordAction(
    {
      action: "image.build.cancel",
      target: tags[0] ?? id,
      params: { buildId: id, build: row.command },
      // A classic build stops when its client hangs up: what Ctrl-C does to `docker build`.
      command: "",
      actor,
    },
    async () => {
      const requestedAt = new Date();
      await getDb().build.updateMany({
        where: { id, outcome: "running", cancelRequestedAt: null },
        data: { cancelRequestedAt: requestedAt, cancelledBy: actor },
      });
      cancelTrackedBuild(id, actor);
      const deadline = Date.now() + CANCEL_WAIT_MS;
      for (;;) {
        const now = await getDb().build.findUnique({ where: { id }, select: { outcome: true } });
        const outcome = (now?.outcome ?? "running") as BuildOutcome;
        if (outcome !== "running" || Date.now() > deadline) return { id, outcome, stopped: outcome !== "running" };
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  );
}

/**
 * Runs a stored build again with the same Dockerfile and files (or URL) and options, as a new build (its own
 * row and audit line). An uploaded archive is read back from where it was kept; one no longer kept
 * (see lib/builds/kept-context) is a 409 asking for the context again.
 *
 * @example const operation = await rebuildBuild({ id, actor: "ana" });
 */
export async function rebuildBuild({ id, actor, signal }: { id: string; actor: string; signal?: AbortSignal }): Promise<BuildOperation> {
  const row = await getBuildRow(id);
  const options = storedBuildOptions(row);
  if (row.source === "typed" && row.dockerfile !== null) {
    const files = row.files ? (JSON.parse(row.files) as Record<string, string>) : {};
    return buildImage({ input: { source: "typed", dockerfile: row.dockerfile, files }, options, actor, signal });
  }
  if (row.source === "remote" && row.remote !== null) {
    return buildImage({ input: { source: "remote", remote: row.remote }, options, actor, signal });
  }
  if (row.source === "upload" && hasKeptContext(row.id)) {
    return buildImage({ input: { source: "upload", body: fs.createReadStream(keptContextPath(row.id)) }, options, actor, signal });
  }
  if (row.source === "upload" && row.contextKeptBy !== null && row.contextKeptBy !== currentInstanceId()) {
    // Kept contexts stay in the data directory of the instance the upload went through (archives of
    // up to 512 MiB are not copied into the shared database): another instance cannot rebuild it.
    const holder = await findInstance(row.contextKeptBy);
    const where = holder?.address ? `${row.contextKeptBy}, at ${holder.address}` : row.contextKeptBy;
    throw new AppError(
      "conflict:build",
      `This build's uploaded context is kept in the data directory of the dashboard instance that ran it (${where}), not of this one (${currentInstanceId()}); instances do not share kept contexts. Upload the context again (POST /api/builds with the same options), or rebuild through that instance.`,
      { details: { id, source: row.source, options, keptBy: row.contextKeptBy } },
    );
  }
  throw new AppError(
    "conflict:build",
    `This build's context was an uploaded archive that is no longer kept (only the newest ${KEPT_CONTEXTS}, up to ${MAX_KEPT_CONTEXT_BYTES / 1024 / 1024} MiB each): upload the context again (POST /api/builds with the same options).`,
    { details: { id, source: row.source, options } },
  );
}

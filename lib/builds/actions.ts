import "server-only";
import type { Readable } from "node:stream";
import { sniffArchive } from "@/lib/archive/sniff";
import { peekStream } from "@/lib/archive/streams";
import { beginAction, type AuditHandle } from "@/lib/audit/actions";
import { BuildLogParser } from "@/lib/builds/log";
import { dockerBuildCommand } from "@/lib/builds/options";
import type { BuildEvent, BuildResult } from "@/lib/builds/types";
import { buildImageOnEngine, type EngineBuildOptions } from "@/lib/docker/builds";
import { AppError, BadRequestError } from "@/lib/errors";
import type { ProgressMessage } from "@/lib/progress/docker-progress";

const CLIENT_GONE = "the client went away before the build finished; the build was stopped";

/** A build as it runs: its events (steps, output lines, finished steps), then its result. */
export type BuildOperation = AsyncGenerator<BuildEvent, BuildResult>;

/** Where the context came from: an uploaded archive, or a Dockerfile typed in (packed by the server). */
export type BuildSource = "upload" | "typed";

/**
 * Checks that an uploaded context is an archive the engine unpacks (tar, gzip, bzip2 or xz),
 * from its first bytes, before anything reaches the engine; the stream goes on untouched.
 */
async function checkedContext(body: Readable): Promise<Readable> {
  const { head, whole } = await peekStream(body, 512);
  const kind = sniffArchive(head);
  if (kind === null || kind === "zstd") {
    whole.destroy();
    throw new BadRequestError("archive", "The build context is not a tar archive (plain, gzip, bzip2 or xz); nothing was built.");
  }
  return whole;
}

/**
 * `docker build` through the engine (classic builder): validates, writes the audit row with the
 * equivalent `docker build` line, streams the context to the engine and reads its log into steps
 * as it comes. A failing step ends the operation with a 422 naming the step, the last good
 * step's image (run a container from it to debug) and the end of the log.
 *
 * @example
 * const operation = await buildImage({ context, source: "typed", options: buildOptionsOf(query), actor: "ops" });
 * for (;;) { const next = await operation.next(); if (next.done) return next.value.imageId; }
 */
export async function buildImage({
  context,
  source,
  options,
  actor,
  signal,
}: {
  context: Readable;
  source: BuildSource;
  options: EngineBuildOptions;
  actor: string;
  /** The request's signal: a client that goes away stops the build on the engine. */
  signal?: AbortSignal;
}): Promise<BuildOperation> {
  const checked = source === "upload" ? await checkedContext(context) : context;
  const handle = await beginAction({
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
    command: dockerBuildCommand(options, source === "upload" ? "-" : "."),
    actor,
  });
  return runBuild({ handle, messages: buildImageOnEngine({ context: checked, options, signal }), options, signal });
}

async function* runBuild({
  handle,
  messages,
  options,
  signal,
}: {
  handle: AuditHandle;
  messages: AsyncGenerator<ProgressMessage>;
  options: EngineBuildOptions;
  signal?: AbortSignal;
}): BuildOperation {
  const started = Date.now();
  const log = new BuildLogParser();
  let settled = false;
  try {
    for await (const message of messages) yield* log.push(message);
    yield* log.finish();
    if (log.error) {
      const failed = log.failedStep;
      throw new AppError(
        "unprocessable:build",
        failed ? `Step ${failed.index} (${failed.instruction}) failed: ${log.error.message}` : `The build failed: ${log.error.message}`,
        {
          details: {
            step: failed ? { index: failed.index, instruction: failed.instruction } : null,
            lastImageId: log.lastImageId,
            logTail: log.logTail,
          },
        },
      );
    }
    const imageId = log.imageId;
    if (!imageId) throw new AppError("upstream:engine", "The engine ended the build without naming the image it built.");
    const steps = log.steps;
    const result: BuildResult = {
      imageId,
      tags: log.tags.length > 0 ? log.tags : options.tags,
      steps,
      cacheHits: log.cacheHits,
      durationMs: Date.now() - started,
      warnings: log.warnings,
    };
    settled = true;
    await handle.succeed({ imageId, tags: result.tags, steps: steps.length, cacheHits: result.cacheHits, durationMs: result.durationMs });
    return result;
  } catch (error) {
    settled = true;
    await handle.fail(signal?.aborted ? new Error(CLIENT_GONE) : error);
    throw error;
  } finally {
    // A client that goes away closes this generator: closing the engine request stops the build.
    if (!settled) await handle.fail(new Error(CLIENT_GONE));
    await messages.return(undefined);
  }
}

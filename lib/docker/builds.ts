import "server-only";
import { Readable } from "node:stream";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { engineMessage, toEngineError } from "@/lib/docker/errors";
import { readProgressMessages } from "@/lib/docker/progress-stream";
import { invalidateEngineSnapshot } from "@/lib/docker/snapshot";
import { AppError, BadRequestError } from "@/lib/errors";
import type { ProgressMessage } from "@/lib/progress/docker-progress";

/** The options of `POST /build` the dashboard passes, already validated. */
export type EngineBuildOptions = {
  tags: string[];
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  target?: string;
  /** The Dockerfile's path inside the context (the engine's default is `Dockerfile`). */
  dockerfile?: string;
  nocache: boolean;
  pull: boolean;
  memory?: number;
  cpushares?: number;
  cpusetcpus?: string;
};

const MISSING_DOCKERFILE = /Cannot locate specified Dockerfile: (.*)$/;

/**
 * `docker build` through the engine API with the classic builder: the context (a tar, plain or
 * gzip) is piped to the engine as it arrives, never buffered, and the engine's JSON stream is
 * yielded message by message. `forcerm` makes the engine remove the container of a failed step
 * too, so a failure leaves nothing behind but the images of the steps that worked.
 *
 * Aborting `signal` or closing the generator (`return()`) closes the engine request, which is what
 * stops a classic build (the engine removes the running step's container): the engine's
 * `/build/cancel` only reaches BuildKit builds.
 *
 * A context without the Dockerfile is answered by the engine with an HTTP 500 "Cannot locate
 * specified Dockerfile: PATH"; it becomes a 400 naming the path.
 */
export async function* buildImageOnEngine({
  context,
  remote,
  options,
  signal,
}: {
  /** The context as a tar stream; null when the engine fetches it from `remote`. */
  context: Readable | null;
  /** A URL the engine fetches the context from (a tarball, a Dockerfile or a git repository). */
  remote?: string;
  options: EngineBuildOptions;
  /** Aborting it (the client went away) closes the engine request, which stops the build. */
  signal?: AbortSignal;
}): AsyncGenerator<ProgressMessage> {
  const query: Record<string, unknown> = {
    // Classic builder: one image per step, the thing debugging a build needs (BuildKit is version "2").
    version: "1",
    forcerm: true,
    rm: true,
    ...(remote ? { remote } : {}),
    ...(options.tags.length ? { t: options.tags } : {}),
    ...(Object.keys(options.buildArgs).length ? { buildargs: options.buildArgs } : {}),
    ...(Object.keys(options.labels).length ? { labels: options.labels } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.dockerfile ? { dockerfile: options.dockerfile } : {}),
    ...(options.nocache ? { nocache: true } : {}),
    ...(options.pull ? { pull: true } : {}),
    ...(options.memory !== undefined ? { memory: options.memory } : {}),
    ...(options.cpushares !== undefined ? { cpushares: options.cpushares } : {}),
    ...(options.cpusetcpus ? { cpusetcpus: options.cpusetcpus } : {}),
  };
  const subject = { kind: "image" as const, name: options.tags[0] ?? "(untagged)", action: "build" };
  let stream: Readable;
  try {
    // A remote context still needs a (empty) tar body: without one dockerode sends the options as a
    // JSON body, which the engine takes for the context, and the build ends with no output.
    stream = (await getDocker().buildImage((context ?? Readable.from([])) as unknown as NodeJS.ReadableStream, {
      ...query,
      ...(signal ? { abortSignal: signal } : {}),
    })) as unknown as Readable;
  } catch (error) {
    context?.destroy();
    invalidateEngineSnapshot();
    throw buildRefusal(error, remote) ?? toEngineError(error, subject);
  }
  try {
    yield* readProgressMessages(stream);
  } finally {
    stream.destroy();
    context?.destroy();
    invalidateEngineSnapshot();
  }
}

/** The engine's refusals that are the request's fault, in the request's terms. */
function buildRefusal(error: unknown, remote: string | undefined): AppError | null {
  if ((error as { statusCode?: number })?.statusCode === undefined) return null;
  const message = engineMessage(error);
  const missing = MISSING_DOCKERFILE.exec(message);
  if (missing) {
    return new BadRequestError(
      "build",
      `The build context has no Dockerfile at "${missing[1]}": add it, or name its path with dockerfile=.`,
      {
        details: { dockerfile: missing[1] },
      },
    );
  }
  if (remote && /remote|download|fetch|git|unable to prepare context|dial tcp|no such host|connection refused/i.test(message)) {
    return new BadRequestError("build", `The engine could not fetch the build context from ${remote}: ${message}`, {
      details: { remote },
    });
  }
  if (/unexpected EOF|archive\/tar|invalid tar header|gzip: invalid header/i.test(message)) {
    return new BadRequestError("archive", `The build context is not a valid tar archive (${message}).`);
  }
  if (/invalid reference format|invalid tag|invalid argument/i.test(message)) {
    return new BadRequestError("build", `Docker rejected the build options: ${message}`);
  }
  return null;
}

/**
 * A build the engine cannot run the way the dashboard needs, with the reason, or null. Podman
 * serves Docker's API but builds with Buildah: no classic builder, so no image per step (what
 * debugging a build and the cache report read), and a different progress stream. It names itself
 * in `GET /version` (`Components[].Name` "Podman Engine"). An engine that cannot be asked is left
 * to fail on the build itself, with its own message.
 */
export async function engineBuildRefusal(): Promise<AppError | null> {
  let version: { Version?: string; Components?: { Name?: string; Version?: string }[] };
  try {
    version = (await getDocker().version()) as typeof version;
  } catch {
    return null;
  }
  const podman = version.Components?.find((component) => /podman/i.test(component.Name ?? ""));
  if (!podman) return null;
  return new AppError(
    "conflict:build",
    `The engine at ${getDockerHost()} is Podman ${podman.Version ?? version.Version ?? ""}`.trimEnd() +
      ": it builds with Buildah, which gives no image per step, so the dashboard does not build there yet. Run `podman build` on that host instead.",
    { details: { engine: "podman" } },
  );
}

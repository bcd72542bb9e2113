import "server-only";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { toEngineError } from "@/lib/docker/errors";

// The engine adds SizeRw/SizeRootFs when asked for sizes; the type package does not list them.
export type EngineContainer = Docker.ContainerInfo & { SizeRw?: number; SizeRootFs?: number };
export type EngineContainerInspect = Docker.ContainerInspectInfo & { SizeRw?: number; SizeRootFs?: number };

/** The lifecycle verbs the engine has an endpoint for. */
export type EngineContainerAction = "start" | "stop" | "restart" | "kill" | "pause" | "unpause";

/**
 * Every container, running or stopped, as the engine lists it. `withSize` asks for the writable
 * layer's size, which walks each container's diff on disk: ask only for a few (use `imageId`:
 * it matches containers of child images too, which the caller filters out).
 */
export async function listContainersOnEngine({ imageId, withSize = false }: { imageId?: string; withSize?: boolean } = {}): Promise<
  EngineContainer[]
> {
  try {
    return (await getDocker().listContainers({
      all: true,
      size: withSize,
      ...(imageId ? { filters: { ancestor: [imageId] } } : {}),
    })) as EngineContainer[];
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "list containers" });
  }
}

const containerError = (ref: string, action: string) => (error: unknown) => {
  throw toEngineError(error, { kind: "container", name: ref, action });
};

/**
 * `docker container inspect`; 404 for an unknown container. `withSize` adds the writable layer's
 * size, which walks the container's changes on disk: ask for it only to show it.
 */
export async function inspectContainerOnEngine(
  ref: string,
  { withSize = false }: { withSize?: boolean } = {},
): Promise<EngineContainerInspect> {
  // The type package lacks `size`.
  const container = getDocker().getContainer(ref) as unknown as {
    inspect: (options: { size: boolean }) => Promise<EngineContainerInspect>;
  };
  return await container.inspect({ size: withSize }).catch(containerError(ref, "inspect"));
}

/** `POST /containers/create`. */
export async function createContainerOnEngine(request: Docker.ContainerCreateOptions): Promise<{ id: string; warnings: string[] }> {
  const container = await getDocker()
    .createContainer(request)
    .catch(containerError(request.name ?? request.Image ?? "container", "create"));
  const warnings = ((container as unknown as { Warnings?: string[] | null }).Warnings ?? []).filter(Boolean);
  return { id: container.id, warnings };
}

/** start, stop, restart, kill, pause or unpause. */
export async function containerActionOnEngine(ref: string, action: EngineContainerAction): Promise<void> {
  const container = getDocker().getContainer(ref);
  const run: Record<EngineContainerAction, () => Promise<unknown>> = {
    start: () => container.start(),
    stop: () => container.stop(),
    restart: () => container.restart(),
    kill: () => container.kill(),
    pause: () => container.pause(),
    unpause: () => container.unpause(),
  };
  await run[action]().catch((error: unknown) => {
    // The engine answers 304 to starting a started (or stopping a stopped) container: nothing to do.
    if ((error as { statusCode?: number }).statusCode === 304) return;
    containerError(ref, action)(error);
  });
}

/** `DELETE /containers/{id}`. */
export async function removeContainerOnEngine(ref: string, options: { force: boolean; volumes: boolean }): Promise<void> {
  await getDocker().getContainer(ref).remove({ force: options.force, v: options.volumes }).catch(containerError(ref, "remove"));
}

/**
 * The container's log as the engine's byte stream (multiplexed unless the container has a TTY),
 * streamed even without `follow` (dockerode would otherwise collect the whole log in memory).
 * `id` is the full ID from inspect; `tty` comes from there too.
 */
export async function openContainerLogStream(
  id: string,
  options: { tail: number | "all"; timestamps: boolean; follow: boolean },
): Promise<Readable> {
  return await new Promise<Readable>((resolve, reject) => {
    getDocker().modem.dial(
      {
        path: `/containers/${encodeURIComponent(id)}/logs?`,
        method: "GET",
        isStream: true,
        statusCodes: { 200: true, 404: "no such container", 500: "server error" },
        options: { stdout: true, stderr: true, follow: options.follow, timestamps: options.timestamps, tail: String(options.tail) },
      },
      (error: unknown, result: unknown) => (error ? reject(error) : resolve(result as Readable)),
    );
  }).catch(containerError(id.slice(0, 12), "read the logs of"));
}

/** The engine's raw stats sample (`GET /containers/{id}/stats`), only the fields the dashboard reads. */
export type EngineStatsSample = {
  read: string;
  preread?: string;
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: EngineStatsSample["cpu_stats"];
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
};

/**
 * One stats sample. Without `one-shot` the engine reads the cgroup twice a second apart, so
 * `precpu_stats` is filled and a CPU percentage can be computed (the call takes about 1–2 s).
 */
export async function containerStatsOnEngine(ref: string): Promise<EngineStatsSample> {
  const container = getDocker().getContainer(ref);
  return (await container.stats({ stream: false }).catch(containerError(ref, "read the stats of"))) as unknown as EngineStatsSample;
}

/** The engine's stats stream: one JSON sample per line, about one a second, until destroyed. */
export async function containerStatsStreamOnEngine(ref: string): Promise<Readable> {
  const container = getDocker().getContainer(ref);
  return (await container.stats({ stream: true }).catch(containerError(ref, "read the stats of"))) as unknown as Readable;
}

/** `docker diff`: the writable layer's changes against the image. */
export async function containerChangesOnEngine(ref: string): Promise<{ path: string; kind: "added" | "changed" | "deleted" }[]> {
  const changes = ((await getDocker().getContainer(ref).changes().catch(containerError(ref, "diff"))) ?? []) as {
    Path: string;
    Kind: number;
  }[];
  // The engine's Kind: 0 modified, 1 added, 2 deleted.
  const kinds = ["changed", "added", "deleted"] as const;
  return changes.map((change) => ({ path: change.Path, kind: kinds[change.Kind] ?? "changed" }));
}

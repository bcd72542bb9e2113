import "server-only";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type Docker from "dockerode";
import { dockerDiffCommand, dockerRunCommand } from "@/lib/cli/command";
import { validateContainerRef } from "@/lib/containers/container-ref";
import { previewProcess, type LaunchSpec } from "@/lib/containers/launch";
import { isEmptySample, toContainerStats, type RawStatsSample } from "@/lib/containers/stats";
import { demuxLogFrames, rawLogChunks, splitLogLines } from "@/lib/containers/log-stream";
import {
  containerChangesOnEngine,
  containerStatsOnEngine,
  containerStatsStreamOnEngine,
  openContainerLogStream,
  inspectContainerOnEngine,
  listContainersOnEngine,
  type EngineContainer,
  type EngineContainerInspect,
} from "@/lib/docker/containers";
import { inspectImage } from "@/lib/docker/images";
import { AppError } from "@/lib/errors";
import type {
  ContainerChanges,
  ContainerDetail,
  ContainerHealth,
  ContainerStats,
  ContainerSummary,
  ImageStart,
  LaunchPreview,
  LogLine,
} from "@/lib/containers/types";

/** A listed container in the app's names. */
export function toContainerSummary(container: EngineContainer, withSize: boolean): ContainerSummary {
  // The engine leaves SizeRw out when it is 0 (an untouched writable layer).
  const size = (value: number | undefined) => (typeof value === "number" ? value : withSize ? 0 : null);
  const name = (container.Names?.[0] ?? "").replace(/^\//, "");
  return {
    id: container.Id,
    shortId: container.Id.slice(0, 12),
    name,
    image: container.Image,
    imageId: container.ImageID,
    command: container.Command,
    state: container.State,
    status: container.Status,
    created: new Date(container.Created * 1000).toISOString(),
    ports: (container.Ports ?? []).map((port) => ({
      ip: port.IP || null,
      privatePort: port.PrivatePort,
      publicPort: port.PublicPort ?? null,
      type: port.Type,
    })),
    sizeRw: size(container.SizeRw),
    sizeRootFs: size(container.SizeRootFs),
  };
}

/**
 * Every container, running or stopped. `withSize` asks the engine for the writable layer's size,
 * which walks each container's diff on disk: ask only for a few containers (use `imageId`).
 */
export async function listContainers({ imageId, withSize = false }: { imageId?: string; withSize?: boolean } = {}): Promise<
  ContainerSummary[]
> {
  const summaries = (await listContainersOnEngine({ imageId, withSize })).map((container) => toContainerSummary(container, withSize));
  // `ancestor` also matches containers of child images; only this image's own are wanted.
  return imageId ? summaries.filter((container) => container.imageId === imageId) : summaries;
}

/** How many containers (running or stopped) use each image ID. */
export function countContainersByImage(containers: readonly { imageId: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const container of containers) counts.set(container.imageId, (counts.get(container.imageId) ?? 0) + 1);
  return counts;
}

const isoOrNull = (time: string | undefined) => (!time || time.startsWith("0001-") ? null : time);

function restartPolicyText(policy: { Name?: string; MaximumRetryCount?: number } | undefined): string {
  const name = policy?.Name || "no";
  return name === "on-failure" && policy?.MaximumRetryCount ? `${name}:${policy.MaximumRetryCount}` : name;
}

function portBindingsText(bindings: Record<string, { HostIp?: string; HostPort?: string }[] | null> | undefined): string[] {
  return Object.entries(bindings ?? {}).flatMap(([containerPort, hosts]) =>
    (hosts ?? []).map((host) => {
      const port = containerPort.endsWith("/tcp") ? containerPort.slice(0, -4) : containerPort;
      const hostPart = host.HostIp
        ? `${host.HostIp.includes(":") ? `[${host.HostIp}]` : host.HostIp}:${host.HostPort ?? ""}`
        : (host.HostPort ?? "");
      return hostPart ? `${hostPart}:${port}` : port;
    }),
  );
}

type RawHealth = { Status: string; FailingStreak: number; Log?: { Start: string; End: string; ExitCode: number; Output: string }[] | null };

function toHealth(health: RawHealth | undefined): ContainerHealth | null {
  if (!health) return null;
  return {
    status: health.Status,
    failingStreak: health.FailingStreak,
    log: (health.Log ?? []).map((entry) => ({ start: entry.Start, end: entry.End, exitCode: entry.ExitCode, output: entry.Output })),
  };
}

/**
 * `docker container inspect`; 404 for an unknown container. `withSize` adds the writable layer's
 * size, which walks the container's changes on disk: ask for it only to show it.
 */
export async function inspectContainer(ref: string, { withSize = false }: { withSize?: boolean } = {}): Promise<ContainerDetail> {
  return toContainerDetail(await inspectContainerOnEngine(ref, { withSize }), withSize);
}

/** The engine's inspect answer in the app's names. */
export function toContainerDetail(raw: EngineContainerInspect, withSize: boolean): ContainerDetail {
  // The type package lacks the settings' top-level (pre-1.44 API) addresses.
  const settings = raw.NetworkSettings as Docker.ContainerInspectInfo["NetworkSettings"] & {
    IPAddress?: string;
    Gateway?: string;
    MacAddress?: string;
  };
  const networks = raw.NetworkSettings?.Networks ?? {};
  const firstNetwork = Object.values(networks)[0];
  return {
    id: raw.Id,
    shortId: raw.Id.slice(0, 12),
    name: raw.Name.replace(/^\//, ""),
    image: raw.Config.Image,
    imageId: raw.Image,
    created: raw.Created,
    process: [raw.Path, ...(raw.Args ?? [])].filter((word) => word !== ""),
    state: {
      status: raw.State.Status,
      running: raw.State.Running,
      paused: raw.State.Paused,
      restarting: raw.State.Restarting,
      oomKilled: raw.State.OOMKilled,
      dead: raw.State.Dead,
      pid: raw.State.Pid,
      exitCode: raw.State.ExitCode,
      error: raw.State.Error,
      startedAt: isoOrNull(raw.State.StartedAt),
      finishedAt: isoOrNull(raw.State.FinishedAt),
      health: toHealth((raw.State as { Health?: RawHealth }).Health),
    },
    config: {
      hostname: raw.Config.Hostname,
      user: raw.Config.User,
      workingDir: raw.Config.WorkingDir,
      env: raw.Config.Env ?? [],
      cmd: (raw.Config.Cmd as string[] | null) ?? null,
      // Typed as a string by the type package; the engine answers an array or null.
      entrypoint: (raw.Config.Entrypoint as unknown as string[] | null | undefined) ?? null,
      labels: raw.Config.Labels ?? {},
      tty: raw.Config.Tty,
      openStdin: raw.Config.OpenStdin,
      exposedPorts: Object.keys(raw.Config.ExposedPorts ?? {}),
      stopSignal: (raw.Config as { StopSignal?: string }).StopSignal ?? null,
    },
    hostConfig: {
      restartPolicy: restartPolicyText(raw.HostConfig.RestartPolicy),
      autoRemove: raw.HostConfig.AutoRemove === true,
      binds: raw.HostConfig.Binds ?? [],
      portBindings: portBindingsText(raw.HostConfig.PortBindings as Record<string, { HostIp?: string; HostPort?: string }[] | null>),
      networkMode: raw.HostConfig.NetworkMode ?? "",
      privileged: raw.HostConfig.Privileged === true,
    },
    mounts: (raw.Mounts ?? []).map((mount) => ({
      type: mount.Type ?? "",
      name: mount.Name ?? null,
      source: mount.Source,
      destination: mount.Destination,
      mode: mount.Mode,
      rw: mount.RW,
    })),
    network: {
      ipAddress: settings.IPAddress || firstNetwork?.IPAddress || "",
      gateway: settings.Gateway || firstNetwork?.Gateway || "",
      macAddress: settings.MacAddress || firstNetwork?.MacAddress || "",
      ports: Object.entries(raw.NetworkSettings.Ports ?? {}).flatMap(([containerPort, hosts]) =>
        hosts && hosts.length > 0
          ? hosts.map((host) => ({ containerPort, hostIp: host.HostIp || null, hostPort: host.HostPort || null }))
          : [{ containerPort, hostIp: null, hostPort: null }],
      ),
      networks: Object.entries(networks).map(([name, network]) => ({
        name,
        ipAddress: network.IPAddress,
        gateway: network.Gateway,
        macAddress: network.MacAddress,
      })),
    },
    // The engine leaves SizeRw out when it is 0.
    sizeRw: withSize ? (raw.SizeRw ?? 0) : null,
    sizeRootFs: withSize ? (raw.SizeRootFs ?? null) : null,
    raw,
  };
}

/** The image's own start settings, which a launch builds on. 404 for an unknown image. */
export async function imageStart(image: string): Promise<ImageStart> {
  const inspected = await inspectImage(image);
  const config = inspected.Config ?? {};
  return {
    id: inspected.Id,
    entrypoint: (config.Entrypoint as string[] | null | undefined) ?? null,
    cmd: (config.Cmd as string[] | null | undefined) ?? null,
    workingDir: config.WorkingDir ?? "",
    user: config.User ?? "",
    env: config.Env ?? [],
  };
}

/** What a launch would run and the `docker run` line, without creating anything. 404 for an unknown image. */
export async function previewLaunch(spec: LaunchSpec): Promise<LaunchPreview> {
  const image = await imageStart(spec.image);
  return { process: previewProcess(image, spec), command: dockerRunCommand(spec), image };
}

export type LogOptions = { tail: number | "all"; timestamps: boolean; follow: boolean };

/**
 * The container's log, streamed: `lines` (per stream, for the page) or `bytes` (like `docker
 * logs` prints). An unknown container fails here (404); the engine's log stream itself is opened
 * only when the body is first read, so the answer can start before the engine sends anything.
 * Stopping the iteration (or `close`) closes the engine's stream.
 */
export async function containerLogs(
  ref: string,
  options: LogOptions,
): Promise<{ lines: () => AsyncGenerator<LogLine>; bytes: () => Readable; close: () => void }> {
  const container = validateContainerRef(ref);
  const info = await inspectContainerOnEngine(container);
  const tty = info.Config.Tty;
  let opened: Promise<Readable> | null = null;
  let closed = false;
  const open = (): Promise<Readable> => {
    opened ??= openContainerLogStream(info.Id, options).then((stream) => {
      if (closed) stream.destroy();
      return stream;
    });
    return opened;
  };
  const close = () => {
    closed = true;
    void opened?.then(
      (stream) => stream.destroy(),
      () => undefined,
    );
  };
  async function* chunks() {
    const stream = await open();
    try {
      yield* tty ? rawLogChunks(stream) : demuxLogFrames(stream);
    } finally {
      stream.destroy();
    }
  }
  return {
    lines: () => splitLogLines(chunks(), { timestamps: options.timestamps }),
    bytes: () => {
      const output = Readable.from(
        (async function* () {
          for await (const chunk of chunks()) yield chunk.data;
        })(),
      );
      output.on("close", close);
      return output;
    },
    close,
  };
}

/** `docker diff`, sorted by path, with counts per kind. */
export async function containerChanges(ref: string): Promise<ContainerChanges> {
  const container = validateContainerRef(ref);
  const changes = (await containerChangesOnEngine(container)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const counts = { added: 0, changed: 0, deleted: 0 };
  for (const change of changes) counts[change.kind] += 1;
  return { changes, counts, command: dockerDiffCommand({ container: await containerCliName(container) }) };
}

/**
 * A container that has no process has no stats: the engine would answer an empty sample of
 * zeros, which reads like an idle container. A 409 that says so is clearer.
 */
async function runningContainer(ref: string): Promise<{ id: string; name: string }> {
  const container = validateContainerRef(ref);
  const raw = await inspectContainerOnEngine(container);
  const name = raw.Name.replace(/^\//, "");
  if (!raw.State.Running || raw.State.Paused) {
    const state = raw.State.Paused ? "paused" : raw.State.Status;
    throw new AppError("conflict:container", `Container ${name} is ${state}: stats exist only while it runs.`, {
      details: { state },
    });
  }
  return { id: raw.Id, name };
}

/** One `docker stats --no-stream` sample; 409 for a container that is not running. Takes 1–2 s (the engine reads twice). */
export async function containerStats(ref: string): Promise<ContainerStats> {
  const { id, name } = await runningContainer(ref);
  const raw = (await containerStatsOnEngine(id)) as RawStatsSample;
  if (isEmptySample(raw))
    throw new AppError("conflict:container", `Container ${name} stopped: stats exist only while it runs.`, {
      details: { state: "exited" },
    });
  return toContainerStats(raw);
}

/**
 * `docker stats`: a sample about every second from the engine's stream, until the container stops
 * or `close` is called (the engine's stream is destroyed then). 409 when it is not running.
 */
export async function containerStatsStream(ref: string): Promise<{ samples: AsyncGenerator<ContainerStats>; close: () => void }> {
  const { id } = await runningContainer(ref);
  const stream = await containerStatsStreamOnEngine(id);
  const close = () => stream.destroy();
  async function* samples(): AsyncGenerator<ContainerStats> {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line.trim() === "") continue;
        const raw = JSON.parse(line) as RawStatsSample;
        // A stopped container's stream goes on with empty samples: the live numbers have ended.
        if (isEmptySample(raw)) return;
        yield toContainerStats(raw);
      }
    } finally {
      lines.close();
      stream.destroy();
    }
  }
  return { samples: samples(), close };
}

/**
 * What CLI lines and audit rows call a container: its name, or the 12-character ID the CLI prints
 * when it has none. An unknown container keeps the reference it was given (the action then fails
 * with the engine's 404).
 *
 * @example await containerCliName("e24737a50ca1…64 hex") // "web"
 */
export async function containerCliName(ref: string): Promise<string> {
  const fallback = /^[0-9a-f]{13,64}$/.test(ref) ? ref.slice(0, 12) : ref;
  return await inspectContainerOnEngine(ref).then(
    (raw) => raw.Name.replace(/^\//, "") || fallback,
    () => fallback,
  );
}

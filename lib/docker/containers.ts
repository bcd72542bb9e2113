import "server-only";
import type Docker from "dockerode";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { toEngineError } from "@/lib/docker/errors";
import type { Readable } from "node:stream";
import type { ContainerAction } from "@/lib/cli/command";
import type { ContainerCreateRequest } from "@/lib/containers/launch";
import type { ContainerChange, ContainerDetail, ContainerHealth, ContainerSummary } from "@/lib/docker/types";

// The engine adds SizeRw/SizeRootFs when asked for sizes; the type package does not list them.
type ContainerInfoWithSize = Docker.ContainerInfo & { SizeRw?: number; SizeRootFs?: number };

function toContainerSummary(container: ContainerInfoWithSize, withSize: boolean): ContainerSummary {
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
  try {
    const containers = await getDocker().listContainers({
      all: true,
      size: withSize,
      ...(imageId ? { filters: { ancestor: [imageId] } } : {}),
    });
    const summaries = containers.map((container) => toContainerSummary(container, withSize));
    // `ancestor` also matches containers of child images; only this image's own are wanted.
    return imageId ? summaries.filter((container) => container.imageId === imageId) : summaries;
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "list containers" });
  }
}

/** How many containers (running or stopped) use each image ID. */
export function countContainersByImage(containers: readonly ContainerSummary[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const container of containers) counts.set(container.imageId, (counts.get(container.imageId) ?? 0) + 1);
  return counts;
}

const containerError = (ref: string, action: string) => (error: unknown) => {
  throw toEngineError(error, { kind: "container", name: ref, action });
};

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
  // The type package lacks `size` and the settings' top-level (pre-1.44 API) addresses.
  const container = getDocker().getContainer(ref) as unknown as {
    inspect: (options: { size: boolean }) => Promise<Docker.ContainerInspectInfo>;
  };
  const raw = (await container.inspect({ size: withSize }).catch(containerError(ref, "inspect"))) as Docker.ContainerInspectInfo & {
    SizeRw?: number;
    SizeRootFs?: number;
  };
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

/** `POST /containers/create`. */
export async function createContainerOnEngine(request: ContainerCreateRequest): Promise<{ id: string; warnings: string[] }> {
  const container = await getDocker()
    .createContainer(request as unknown as Docker.ContainerCreateOptions)
    .catch(containerError(request.name ?? request.Image, "create"));
  const warnings = ((container as unknown as { Warnings?: string[] | null }).Warnings ?? []).filter(Boolean);
  return { id: container.id, warnings };
}

/** start, stop, restart, kill, pause or unpause. */
export async function containerActionOnEngine(ref: string, action: ContainerAction): Promise<void> {
  const container = getDocker().getContainer(ref);
  const run: Record<ContainerAction, () => Promise<unknown>> = {
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
 */
export async function containerLogsFromEngine(
  ref: string,
  options: { tail: number | "all"; timestamps: boolean; follow: boolean },
): Promise<{ tty: boolean; stream: Readable }> {
  const info = await getDocker().getContainer(ref).inspect().catch(containerError(ref, "read the logs of"));
  const stream = await new Promise<Readable>((resolve, reject) => {
    getDocker().modem.dial(
      {
        path: `/containers/${encodeURIComponent(info.Id)}/logs?`,
        method: "GET",
        isStream: true,
        statusCodes: { 200: true, 404: "no such container", 500: "server error" },
        options: { stdout: true, stderr: true, follow: options.follow, timestamps: options.timestamps, tail: String(options.tail) },
      },
      (error: unknown, result: unknown) => (error ? reject(error) : resolve(result as Readable)),
    );
  }).catch(containerError(ref, "read the logs of"));
  return { tty: info.Config.Tty, stream };
}

/** `docker diff`: the writable layer's changes against the image. */
export async function containerChangesOnEngine(ref: string): Promise<ContainerChange[]> {
  const changes = ((await getDocker().getContainer(ref).changes().catch(containerError(ref, "diff"))) ?? []) as {
    Path: string;
    Kind: number;
  }[];
  const kinds = ["changed", "added", "deleted"] as const;
  return changes.map((change) => ({ path: change.Path, kind: kinds[change.Kind] ?? "changed" }));
}

// Where a browser can open a container's published port. The engine says which host address a
// port is bound to (often "all of them": 0.0.0.0 and ::); which name reaches that host from the
// user's browser depends on where the engine runs relative to the dashboard.

/** One published port, from the list (`Ports`) or from inspect (`NetworkSettings.Ports`). */
export type PublishedPort = { hostIp: string | null; hostPort: number; containerPort: number; protocol: string };

const ALL_INTERFACES = new Set(["", "0.0.0.0", "::"]);

/** True for 127.0.0.0/8, ::1 and "localhost": only the machine itself reaches these. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/**
 * The host a DOCKER_HOST's published ports live on: null for an engine on this machine (a unix
 * socket, or tcp to a loopback address), the host name for `tcp://HOST:PORT` and
 * `ssh://user@HOST`; undefined when it cannot be told (nothing known yet, another scheme).
 *
 * @example engineHostOf("unix:///var/run/docker.sock") // null
 * @example engineHostOf("tcp://10.0.0.5:2376") // "10.0.0.5"
 */
export function engineHostOf(dockerHost: string): string | null | undefined {
  if (dockerHost.startsWith("unix://") || dockerHost.startsWith("npipe://")) return null;
  const match = /^(?:tcp|ssh|https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(dockerHost);
  if (!match) return undefined;
  const host = match[1]!.replace(/^\[|\]$/g, "");
  return isLoopback(host) ? null : host;
}

const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host);

/**
 * The `http://host:port` a browser can open for a published TCP port, or null when none can be
 * told. A port bound to one address uses that address, except a loopback one, which only a
 * browser on the engine's own machine reaches. A port bound to every address is reached through
 * the engine's host: for an engine on the dashboard's machine, the host name the browser used for
 * the dashboard itself (`pageHost`); for `tcp://HOST`, HOST.
 *
 * @example publishedPortUrl({ hostIp: "0.0.0.0", hostPort: 8080, containerPort: 80, protocol: "tcp" }, { dockerHost: "unix:///var/run/docker.sock", pageHost: "dash.example" }) // "http://dash.example:8080"
 * @example publishedPortUrl({ hostIp: "0.0.0.0", hostPort: 8080, containerPort: 80, protocol: "tcp" }, { dockerHost: "tcp://10.0.0.5:2376", pageHost: "dash.example" }) // "http://10.0.0.5:8080"
 */
export function publishedPortUrl(port: PublishedPort, context: { dockerHost: string; pageHost: string }): string | null {
  if (port.protocol !== "tcp" || !port.hostPort) return null;
  const engineHost = engineHostOf(context.dockerHost);
  if (engineHost === undefined) return null;
  const boundTo = port.hostIp ?? "";
  if (!ALL_INTERFACES.has(boundTo)) {
    if (!isLoopback(boundTo)) return `http://${urlHost(boundTo)}:${port.hostPort}`;
    // Bound to the engine machine's loopback: reachable only from a browser on that machine.
    return engineHost === null && context.pageHost && isLoopback(context.pageHost) ? `http://${urlHost(boundTo)}:${port.hostPort}` : null;
  }
  const host = engineHost ?? context.pageHost;
  return host ? `http://${urlHost(host)}:${port.hostPort}` : null;
}

/**
 * Published ports without the engine's duplicates: a port bound to every address is listed once
 * for 0.0.0.0 and again for ::; one entry (the IPv4 one) is kept.
 */
export function uniquePublishedPorts(ports: readonly PublishedPort[]): PublishedPort[] {
  const seen = new Set<string>();
  const kept: PublishedPort[] = [];
  const sorted = [...ports].sort((a, b) => Number(a.hostIp?.includes(":") ?? false) - Number(b.hostIp?.includes(":") ?? false));
  for (const port of sorted) {
    const all = ALL_INTERFACES.has(port.hostIp ?? "");
    const key = `${all ? "*" : port.hostIp}|${port.hostPort}|${port.containerPort}|${port.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(port);
  }
  return kept.sort((a, b) => a.containerPort - b.containerPort || a.hostPort - b.hostPort);
}

/** The list's ports (`docker ps`), published ones only. */
export function publishedFromSummary(
  ports: readonly { ip: string | null; privatePort: number; publicPort: number | null; type: string }[],
): PublishedPort[] {
  return ports.flatMap((port) =>
    port.publicPort ? [{ hostIp: port.ip, hostPort: port.publicPort, containerPort: port.privatePort, protocol: port.type }] : [],
  );
}

/** Inspect's ports (`"80/tcp"` → bindings), published ones only. */
export function publishedFromInspect(
  ports: readonly { containerPort: string; hostIp: string | null; hostPort: string | null }[],
): PublishedPort[] {
  return ports.flatMap((port) => {
    const [number, protocol = "tcp"] = port.containerPort.split("/");
    const hostPort = Number(port.hostPort);
    return port.hostPort && Number.isInteger(hostPort) && hostPort > 0
      ? [{ hostIp: port.hostIp, hostPort, containerPort: Number(number), protocol }]
      : [];
  });
}

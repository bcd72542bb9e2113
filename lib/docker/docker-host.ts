export type DockerConnection = { kind: "unix"; socketPath: string } | { kind: "tcp"; host: string; port: number; tls: boolean };

/**
 * How DOCKER_HOST is reached, by the docker CLI's rules: `unix:///path`, or `tcp://host:port`
 * (TLS when DOCKER_TLS_VERIFY is set; port defaults to 2376 with TLS, 2375 without).
 *
 * @example parseDockerHost("tcp://10.0.0.5", true) // { kind: "tcp", host: "10.0.0.5", port: 2376, tls: true }
 */
export function parseDockerHost(dockerHost: string, tls: boolean): DockerConnection {
  if (dockerHost.startsWith("unix://")) return { kind: "unix", socketPath: dockerHost.slice("unix://".length) };
  const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
  return { kind: "tcp", host: url.hostname, port: url.port ? Number(url.port) : tls ? 2376 : 2375, tls };
}

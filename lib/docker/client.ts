import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { parseDockerHost } from "@/lib/docker/docker-host";
import { getEnv } from "@/lib/env";

/** The id of the engine at DOCKER_HOST: always there, never a database row. */
export const DEFAULT_ENGINE_ID = "default";

export type EngineKind = "docker" | "podman";

/**
 * One engine the dashboard talks to, with its client. Every lib/docker function works on the
 * engine of the current request (see runOnEngine), so features never pass one around.
 */
export type EngineConnection = { id: string; name: string; host: string; kind: EngineKind; docker: Docker };

/** Client certificate material for a `tcp://` engine with TLS, as PEM text. */
export type EngineTlsMaterial = { ca: string; cert: string; key: string };

/**
 * How long a new connection may take before it is given up. Measured from the request until the
 * engine's response headers (docker-modem clears its timer only then), so a slow answer counts
 * too; long operations are streams whose headers come at once.
 */
export const ENGINE_CONNECTION_TIMEOUT_MS = 5_000;

/**
 * A dockerode client for `unix:///path`, `tcp://host:port` (plain http) or `tcp://host:port` with
 * TLS (PEM strings, verified against the given CA). `ssh://` is not made here: lib/docker/ssh.ts
 * holds a persistent connection for it.
 *
 * @example createDockerClient({ host: "tcp://10.0.0.5:2376", tls: { ca, cert, key } })
 */
export function createDockerClient({
  host,
  tls,
  connectionTimeoutMs = ENGINE_CONNECTION_TIMEOUT_MS,
}: {
  host: string;
  tls?: EngineTlsMaterial | { ca: Buffer; cert: Buffer; key: Buffer } | null;
  connectionTimeoutMs?: number;
}): Docker {
  const connection = parseDockerHost(host, Boolean(tls));
  // No keep-alive agent: measured against Docker 20.10, dockerode over a keep-alive agent is 10x
  // slower per call than fresh unix-socket connections (which cost well under a millisecond).
  if (connection.kind === "unix") return new Docker({ socketPath: connection.socketPath });
  return new Docker({
    host: connection.host,
    port: connection.port,
    protocol: tls ? "https" : "http",
    ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
    connectionTimeout: connectionTimeoutMs,
  } as unknown as Docker.DockerOptions);
}

function createDefaultEngine(): EngineConnection {
  const env = getEnv();
  const certPath = env.dockerCertPath;
  const tls =
    env.dockerTlsVerify && certPath && env.dockerHost.startsWith("tcp:")
      ? {
          ca: fs.readFileSync(path.join(certPath, "ca.pem")),
          cert: fs.readFileSync(path.join(certPath, "cert.pem")),
          key: fs.readFileSync(path.join(certPath, "key.pem")),
        }
      : null;
  // lib/env refuses DOCKER_TLS_VERIFY without DOCKER_CERT_PATH, so TLS always has its files here.
  const docker = createDockerClient({ host: env.dockerHost, tls });
  return { id: DEFAULT_ENGINE_ID, name: DEFAULT_ENGINE_ID, host: env.dockerHost, kind: "docker", docker };
}

// On globalThis, not in module variables: the bundler may give each route bundle its own copy of
// this module, and they must share the one default client and the one request context.
const globalForDocker = globalThis as unknown as {
  dashboardDefaultEngine?: EngineConnection;
  dashboardEngineContext?: AsyncLocalStorage<EngineConnection>;
};
const engineContext: AsyncLocalStorage<EngineConnection> = (globalForDocker.dashboardEngineContext ??= new AsyncLocalStorage());

/** The engine at DOCKER_HOST (id "default"), made on first use. */
export function getDefaultEngine(): EngineConnection {
  globalForDocker.dashboardDefaultEngine ??= createDefaultEngine();
  return globalForDocker.dashboardDefaultEngine;
}

/**
 * Runs `fn` with `engine` as the current engine: every lib/docker call made by it, however deep and
 * however late (promises, timers, stream callbacks started inside it), goes to that engine.
 *
 * @example await runOnEngine(engine, () => listImages())
 */
export function runOnEngine<T>(engine: EngineConnection, fn: () => T): T {
  return engineContext.run(engine, fn);
}

/** The engine of the current request: the one runOnEngine set, else the default engine. */
export function currentEngine(): EngineConnection {
  return engineContext.getStore() ?? getDefaultEngine();
}

/** The dockerode client of the current engine. */
export function getDocker(): Docker {
  return currentEngine().docker;
}

/** How the current engine is reached (its DOCKER_HOST, or the host it was added with), for messages. */
export function getDockerHost(): string {
  return currentEngine().host;
}

/**
 * The current engine as messages and the audit log name it: its host for the default engine (as
 * before there were several), else `NAME (HOST)`.
 *
 * @example engineLabel() // "build-box (tcp://10.0.0.7:2376)"
 */
export function engineLabel(engine: Pick<EngineConnection, "id" | "name" | "host"> = currentEngine()): string {
  return engine.id === DEFAULT_ENGINE_ID ? engine.host : `${engine.name} (${engine.host})`;
}

import "server-only";
import fs from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { parseDockerHost } from "@/lib/docker/docker-host";
import { getEnv, type DashboardEnv } from "@/lib/env";

function createDocker(env: DashboardEnv): Docker {
  const connection = parseDockerHost(env.dockerHost, env.dockerTlsVerify);
  // No keep-alive agent: measured against Docker 20.10, dockerode over a keep-alive agent is 10x
  // slower per call than fresh unix-socket connections (which cost well under a millisecond).
  if (connection.kind === "unix") return new Docker({ socketPath: connection.socketPath });
  const certPath = env.dockerCertPath;
  const tlsFiles =
    connection.tls && certPath
      ? {
          ca: fs.readFileSync(path.join(certPath, "ca.pem")),
          cert: fs.readFileSync(path.join(certPath, "cert.pem")),
          key: fs.readFileSync(path.join(certPath, "key.pem")),
        }
      : {};
  return new Docker({
    host: connection.host,
    port: connection.port,
    protocol: connection.tls ? "https" : "http",
    ...tlsFiles,
    connectionTimeout: 5000,
  } as unknown as Docker.DockerOptions);
}

const globalForDocker = globalThis as unknown as { dashboardDocker?: Docker };

/** The one dockerode client of this process, connected as DOCKER_HOST says. */
export function getDocker(): Docker {
  globalForDocker.dashboardDocker ??= createDocker(getEnv());
  return globalForDocker.dashboardDocker;
}

/** The DOCKER_HOST this process talks to, for messages and the audit log. */
export function getDockerHost(): string {
  return getEnv().dockerHost;
}

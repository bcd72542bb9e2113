import { renderCommand } from "@/lib/cli/command";
import { BadRequestError } from "@/lib/errors";

/** How an engine is reached, from its host URL. */
export type EngineAddress =
  | { scheme: "unix"; socketPath: string }
  | { scheme: "tcp"; host: string; port: number }
  | { scheme: "ssh"; username: string; host: string; port: number };

/**
 * Reads an engine's host by the docker CLI's rules: `unix:///path`, `tcp://host[:port]` (port 2376
 * with TLS, 2375 without) or `ssh://user@host[:port]` (port 22). Anything else is a 400 that says
 * which forms work. Returns the address and the host written the one way it is stored.
 *
 * @example parseEngineHost("tcp://10.0.0.5", { tls: true }) // { address: { scheme: "tcp", host: "10.0.0.5", port: 2376 }, host: "tcp://10.0.0.5:2376" }
 */
export function parseEngineHost(text: string, { tls = false }: { tls?: boolean } = {}): { address: EngineAddress; host: string } {
  const value = text.trim();
  const bad = (why: string) =>
    new BadRequestError(
      "engine",
      `host ${JSON.stringify(value)} ${why}; use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]`,
    );
  if (value.startsWith("unix://")) {
    const socketPath = value.slice("unix://".length);
    if (!socketPath.startsWith("/")) throw bad("needs an absolute socket path");
    return { address: { scheme: "unix", socketPath }, host: `unix://${socketPath}` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad("is not a URL");
  }
  if ((url.pathname && url.pathname !== "/") || url.search || url.hash) throw bad("has a path or query");
  const hostname = url.hostname;
  if (!hostname) throw bad("names no host");
  const port = url.port ? Number(url.port) : null;
  if (url.protocol === "tcp:") {
    if (url.username || url.password) throw bad("has a user (tcp:// takes none; TLS certificates identify the dashboard)");
    const effective = port ?? (tls ? 2376 : 2375);
    return { address: { scheme: "tcp", host: hostname, port: effective }, host: `tcp://${hostname}:${effective}` };
  }
  if (url.protocol === "ssh:") {
    if (!url.username) throw bad("needs a user (ssh://user@host)");
    if (url.password) throw bad("has a password (give a key as sshKey)");
    const username = decodeURIComponent(url.username);
    const effective = port ?? 22;
    return {
      address: { scheme: "ssh", username, host: hostname, port: effective },
      host: `ssh://${url.username}@${hostname}${effective === 22 ? "" : `:${effective}`}`,
    };
  }
  throw bad("has an unknown scheme");
}

/**
 * The `docker context create` line that makes the same engine known to the docker CLI (the TLS
 * files named as the CLI expects them; their content is never written into a command).
 *
 * @example dockerContextCreateCommand({ name: "build box", host: "tcp://10.0.0.7:2376", tls: true })
 * // "docker context create 'build box' --docker host=tcp://10.0.0.7:2376,ca=ca.pem,cert=cert.pem,key=key.pem"
 */
export function dockerContextCreateCommand({ name, host, tls }: { name: string; host: string; tls: boolean }): string {
  const docker = [`host=${host}`, ...(tls ? ["ca=ca.pem", "cert=cert.pem", "key=key.pem"] : [])].join(",");
  return renderCommand(["docker", "context", "create", name, "--docker", docker]);
}

/** `docker context rm NAME`. */
export function dockerContextRemoveCommand(name: string): string {
  return renderCommand(["docker", "context", "rm", name]);
}

/** `docker context update NAME --docker host=…` (what changing an engine's host or TLS is to the CLI). */
export function dockerContextUpdateCommand({ name, host, tls }: { name: string; host: string; tls: boolean }): string {
  const docker = [`host=${host}`, ...(tls ? ["ca=ca.pem", "cert=cert.pem", "key=key.pem"] : [])].join(",");
  return renderCommand(["docker", "context", "update", name, "--docker", docker]);
}

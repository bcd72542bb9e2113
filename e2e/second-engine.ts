import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A second private Docker engine for the engines spec, beside the one the suite runs on. The spec
 * starts it itself (scripts/lib/sandbox.sh's sandbox_start_engine in a temp directory: its own
 * data root, exec root, pidfile and socket, no bridge, no iptables changes) with the busybox base
 * image, and stops it afterwards; so `npm test` needs nothing more. SECOND_DOCKER_HOST set to a
 * `unix://` engine that is already running is used instead, and left running.
 */
export type SecondEngine = {
  /** `unix:///…/docker.sock`. */
  host: string;
  /** The docker CLI against this engine. */
  docker: (args: string[]) => string;
  stop: () => void;
};

const SANDBOX_SCRIPT = path.join(__dirname, "..", "scripts", "lib", "sandbox.sh");

function dockerOn(host: string): (args: string[]) => string {
  return (args) =>
    execFileSync(process.env.DOCKER_CLI ?? "docker", args, {
      env: { ...process.env, DOCKER_HOST: host },
      encoding: "utf8",
      timeout: 30_000,
    }).trim();
}

/** Starts (or, with SECOND_DOCKER_HOST, reuses) the second engine; about 3–10 s on 2 cores. */
export function startSecondEngine(): SecondEngine {
  const given = process.env.SECOND_DOCKER_HOST;
  if (given) {
    const docker = dockerOn(given);
    docker(["version", "--format", "{{.Server.Version}}"]);
    return { host: given, docker, stop: () => undefined };
  }
  // Short: a unix socket's path may not be longer than 107 bytes.
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-engine-"));
  const sandbox = (command: string) =>
    execFileSync("bash", ["-c", `source "${SANDBOX_SCRIPT}" && ${command}`, "bash", dir], {
      env: { ...process.env, DOCKER_HOST: `unix://${dir}/docker.sock` },
      encoding: "utf8",
      timeout: 90_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
  try {
    sandbox('sandbox_start_engine "$1"');
    sandbox("sandbox_import_base");
  } catch (error) {
    sandbox('sandbox_stop_engine "$1"');
    throw error;
  }
  const host = `unix://${dir}/docker.sock`;
  return {
    host,
    docker: dockerOn(host),
    stop: () => {
      try {
        sandbox('sandbox_stop_engine "$1"');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Test setup only: one more private dockerd beside the harness's engine (its own data root, exec
 * root, pidfile and socket in a temp dir: scripts/lib/sandbox.sh's sandbox_start_engine), for tests
 * that need two engines at once. Empty: it holds no image until a test puts one there.
 */
export type SecondEngine = {
  dir: string;
  /** `unix:///…/docker.sock`. */
  host: string;
  /** The docker CLI against this engine. */
  docker: (...args: string[]) => string;
  /** Stops the engine (idempotent); its files stay until `remove`. */
  stop: () => void;
  /** Stops the engine and deletes its temp dir. */
  remove: () => void;
};

function sandbox(command: string, dir: string): void {
  // The temp dir goes in as an argument, never into the script text.
  execFileSync("bash", ["-c", `source scripts/lib/sandbox.sh && ${command} "$1"`, "sandbox", dir], {
    stdio: ["ignore", "ignore", "pipe"],
    env: process.env,
  });
}

/**
 * Starts a second private engine (a few seconds) and returns how to reach and stop it.
 *
 * @example const edge = startSecondEngine("fleet"); after(() => edge.remove());
 */
export function startSecondEngine(prefix: string): SecondEngine {
  // Short path: a unix socket path may be at most 107 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  sandbox("sandbox_start_engine", dir);
  const host = `unix://${dir}/docker.sock`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    sandbox("sandbox_stop_engine", dir);
  };
  return {
    dir,
    host,
    docker: (...args) =>
      execFileSync("docker", ["-H", host, ...args], { encoding: "utf8", env: process.env, stdio: ["pipe", "pipe", "pipe"] }).trim(),
    stop,
    remove: () => {
      stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

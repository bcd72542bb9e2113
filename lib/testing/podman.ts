import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * A private Podman (Debian's 4.3) serving its Docker-compatible API on a socket in `work`, with
 * its own storage there (vfs: no overlay mounts needed). The harness installs podman; without it
 * this fails rather than skips. Resolves once `docker version` answers on the socket.
 *
 * @example const podman = await startPodmanService(work); … podman.stop();
 */
export async function startPodmanService(work: string, { timeoutMs = 30_000 } = {}): Promise<{ socket: string; stop: () => void }> {
  const socket = path.join(work, "podman.sock");
  const logFile = path.join(work, "podman.log");
  const log = fs.openSync(logFile, "w");
  const service: ChildProcess = spawn(
    "podman",
    [
      "--root",
      path.join(work, "root"),
      "--runroot",
      path.join(work, "run"),
      "--storage-driver",
      "vfs",
      "system",
      "service",
      "--time=0",
      `unix://${socket}`,
    ],
    { stdio: ["ignore", log, log] },
  );
  const stop = () => {
    service.kill("SIGTERM");
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      fs.existsSync(socket) &&
      spawnSync("docker", ["version"], { env: { ...process.env, DOCKER_HOST: `unix://${socket}` } }).status === 0
    )
      return { socket, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stop();
  throw new Error(`podman did not answer on ${socket} within ${timeoutMs} ms: ${fs.readFileSync(logFile, "utf8")}`);
}

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

/**
 * Test setup only: drives the private engine with the docker CLI, the way a user at the terminal
 * would (create a container, build a throwaway image). The dashboard itself never shells out.
 */
export function docker(...args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8", env: process.env, stdio: ["pipe", "pipe", "pipe"] }).trim();
}

/** `docker build` of a Dockerfile given as text; returns the image ID. */
export function buildImage(tag: string, dockerfile: string): string {
  execFileSync("docker", ["build", "-q", "-t", tag, "-"], {
    input: dockerfile,
    encoding: "utf8",
    env: process.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  return docker("image", "inspect", "--format", "{{.Id}}", tag);
}

/** A short random suffix so reruns never collide with leftovers. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export function requireSandboxEngine(): void {
  if (!process.env.DOCKER_HOST?.startsWith("unix://") || process.env.DOCKER_HOST.includes("/var/run/docker.sock")) {
    throw new Error("integration tests need DOCKER_HOST pointing at the private test engine (run `npm test`)");
  }
}

/**
 * Retries an assertion until it passes or `timeoutMs` runs out: for changes made with the CLI,
 * which the dashboard learns of from the engine's event stream a moment later.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

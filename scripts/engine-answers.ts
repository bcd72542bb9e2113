/**
 * `npm run up`'s question before it starts a sandbox engine: does the engine at DOCKER_HOST answer,
 * reached exactly as the server will reach it (DOCKER_TLS_VERIFY and DOCKER_CERT_PATH included)?
 * Exits 0 when it does, 1 with the reason when it does not.
 */
import { ConfigurationError } from "../lib/env";
import { getDockerHost } from "../lib/docker/client";
import { probeEngine } from "../lib/docker/engine";

async function main(): Promise<number> {
  try {
    const probe = await probeEngine({ cached: false, timeoutMs: 3_000 });
    if (probe.state === "down") {
      console.error(`== ${probe.error}`);
      return 1;
    }
    console.log(`== ${getDockerHost()} answers: ${probe.kind === "podman" ? "Podman" : "Docker"} ${probe.version}`);
    return 0;
  } catch (error) {
    // A bad configuration, or TLS files that cannot be read.
    console.error(error instanceof ConfigurationError ? error.message : `== ${(error as Error).message}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));

import "server-only";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { engineUnavailableError, isEngineUnreachable, toEngineError } from "@/lib/docker/errors";
import type { EngineInfo } from "@/lib/docker/types";

/**
 * Engine version, API version, platform and storage driver, or why it cannot be reached. Never
 * throws for an unreachable engine: the header shows that state on every page.
 */
export async function getEngineInfo(): Promise<EngineInfo> {
  const docker = getDocker();
  try {
    const [version, info] = await Promise.all([docker.version(), docker.info()]);
    return {
      reachable: true,
      dockerHost: getDockerHost(),
      version: version.Version,
      apiVersion: version.ApiVersion,
      os: version.Os,
      arch: version.Arch,
      kernelVersion: version.KernelVersion,
      operatingSystem: info.OperatingSystem ?? "",
      storageDriver: info.Driver ?? "",
      images: info.Images ?? 0,
      containers: info.Containers ?? 0,
      containersRunning: info.ContainersRunning ?? 0,
    };
  } catch (error) {
    const appError = isEngineUnreachable(error)
      ? engineUnavailableError(error)
      : toEngineError(error, { kind: "engine", name: getDockerHost(), action: "read engine info" });
    return { reachable: false, dockerHost: getDockerHost(), error: appError.message };
  }
}

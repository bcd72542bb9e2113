import "server-only";
import type Docker from "dockerode";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { toEngineError } from "@/lib/docker/errors";
import type { ContainerSummary } from "@/lib/docker/types";

// The engine adds SizeRw/SizeRootFs when asked for sizes; the type package does not list them.
type ContainerInfoWithSize = Docker.ContainerInfo & { SizeRw?: number; SizeRootFs?: number };

function toContainerSummary(container: ContainerInfoWithSize): ContainerSummary {
  const name = (container.Names?.[0] ?? "").replace(/^\//, "");
  return {
    id: container.Id,
    shortId: container.Id.slice(0, 12),
    name,
    image: container.Image,
    imageId: container.ImageID,
    command: container.Command,
    state: container.State,
    status: container.Status,
    created: new Date(container.Created * 1000).toISOString(),
    sizeRw: typeof container.SizeRw === "number" ? container.SizeRw : null,
    sizeRootFs: typeof container.SizeRootFs === "number" ? container.SizeRootFs : null,
  };
}

/**
 * Every container, running or stopped. `withSize` asks the engine for the writable layer's size,
 * which walks each container's diff on disk: ask only for a few containers (use `imageId`).
 */
export async function listContainers({
  imageId,
  withSize = false,
}: { imageId?: string; withSize?: boolean } = {}): Promise<ContainerSummary[]> {
  try {
    const containers = await getDocker().listContainers({
      all: true,
      size: withSize,
      ...(imageId ? { filters: { ancestor: [imageId] } } : {}),
    });
    const summaries = containers.map(toContainerSummary);
    // `ancestor` also matches containers of child images; only this image's own are wanted.
    return imageId ? summaries.filter((container) => container.imageId === imageId) : summaries;
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "list containers" });
  }
}

/** How many containers (running or stopped) use each image ID. */
export function countContainersByImage(containers: readonly ContainerSummary[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const container of containers) counts.set(container.imageId, (counts.get(container.imageId) ?? 0) + 1);
  return counts;
}

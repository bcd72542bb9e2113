import "server-only";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { countContainersByImage, listContainers } from "@/lib/docker/containers";
import { engineMessage, toEngineError } from "@/lib/docker/errors";
import { getLayerRecord, getLayerRecords, type LayerRecord } from "@/lib/docker/layer-index";
import { getEngineSnapshot, invalidateEngineSnapshot } from "@/lib/docker/snapshot";
import type { ContainerSummary, HistoryStep, ImageConfigView, ImageDetail, ImageList, LayerView, RemovedImage } from "@/lib/docker/types";
import { AppError } from "@/lib/errors";
import { combineStartCommand } from "@/lib/image-config/start-command";
import { buildImageList, cleanReferences, shortImageId } from "@/lib/images/catalog";
import { describeCreatedBy } from "@/lib/layers/instruction";

async function loadImageList(): Promise<{ list: ImageList; records: Map<string, LayerRecord> }> {
  const { images, containers } = await getEngineSnapshot();
  let records: Map<string, LayerRecord>;
  try {
    records = await getLayerRecords(images.map((image) => image.id));
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "read image layers" });
  }
  return { list: buildImageList({ images, layers: records, containerCounts: countContainersByImage(containers) }), records };
}

/**
 * Every image (not intermediate build images) with tags, sizes, sharing and container counts.
 * Costs one image list and one container list per call; layer data is computed once per image ID.
 */
export async function listImages(): Promise<ImageList> {
  return (await loadImageList()).list;
}

type RawInspect = {
  Id: string;
  RepoTags?: string[];
  RepoDigests?: string[];
  Parent?: string;
  Comment?: string;
  Created: string;
  DockerVersion?: string;
  Author?: string;
  Config?: {
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Env?: string[] | null;
    ExposedPorts?: Record<string, object> | null;
    Volumes?: Record<string, object> | null;
    WorkingDir?: string;
    User?: string;
    Labels?: Record<string, string> | null;
    OnBuild?: string[] | null;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } | null;
    StopSignal?: string;
    Shell?: string[] | null;
  } | null;
  Architecture: string;
  Variant?: string;
  Os: string;
  Size: number;
  RootFS?: { Layers?: string[] };
};

/** Inspects an image by ID, short ID or reference; an unknown one is a 404 naming it. */
export async function inspectImage(ref: string): Promise<RawInspect> {
  try {
    return (await getDocker().getImage(ref).inspect()) as RawInspect;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: ref, action: "inspect" });
  }
}

function toConfigView(inspect: RawInspect): ImageConfigView {
  const config = inspect.Config ?? {};
  const healthcheck = config.Healthcheck?.Test?.length
    ? {
        test: config.Healthcheck.Test,
        interval: config.Healthcheck.Interval,
        timeout: config.Healthcheck.Timeout,
        startPeriod: config.Healthcheck.StartPeriod,
        retries: config.Healthcheck.Retries,
      }
    : null;
  return {
    cmd: config.Cmd ?? null,
    entrypoint: config.Entrypoint ?? null,
    startCommand: combineStartCommand({ entrypoint: config.Entrypoint, cmd: config.Cmd }),
    env: config.Env ?? [],
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    volumes: Object.keys(config.Volumes ?? {}),
    workingDir: config.WorkingDir ?? "",
    user: config.User ?? "",
    labels: config.Labels ?? {},
    onBuild: config.OnBuild ?? [],
    healthcheck,
    stopSignal: config.StopSignal || null,
    shell: config.Shell ?? null,
    os: inspect.Os,
    architecture: inspect.Architecture,
    variant: inspect.Variant || null,
    repoDigests: cleanReferences(inspect.RepoDigests),
    parent: inspect.Parent || null,
    author: inspect.Author ?? "",
    comment: inspect.Comment ?? "",
    dockerVersion: inspect.DockerVersion ?? "",
    created: inspect.Created,
  };
}

function toHistory(record: LayerRecord): HistoryStep[] {
  return record.steps.map((step, index) => {
    const layerIndex = record.layerIndexByStep ? (record.layerIndexByStep[index] ?? null) : null;
    const { keyword, instruction } = describeCreatedBy(step.createdBy);
    return {
      id: step.id,
      created: new Date(step.created * 1000).toISOString(),
      createdBy: step.createdBy,
      instruction,
      keyword,
      size: step.size,
      comment: step.comment,
      tags: cleanReferences(step.tags),
      emptyLayer: record.layerIndexByStep ? layerIndex === null : null,
      layerIndex,
      diffId: layerIndex === null ? null : (record.diffIds[layerIndex] ?? null),
    };
  });
}

/**
 * Everything the detail page shows: readable config, history aligned to layers, each layer with
 * the other images that stack it, and the containers created from the image.
 */
export async function getImageDetail(ref: string): Promise<ImageDetail> {
  const inspect = await inspectImage(ref);
  const [{ list, records }, record, containers] = await Promise.all([
    loadImageList(),
    getLayerRecord(inspect.Id, inspect).catch((error: unknown) => {
      throw toEngineError(error, { kind: "image", name: ref, action: "read the layers of" });
    }),
    listContainers({ imageId: inspect.Id, withSize: true }),
  ]);
  const byId = new Map(list.images.map((image) => [image.id, image]));
  const summary = byId.get(inspect.Id) ?? {
    // An intermediate build image is not in the default list; describe it on its own.
    id: inspect.Id,
    shortId: shortImageId(inspect.Id),
    repoTags: cleanReferences(inspect.RepoTags),
    repoDigests: cleanReferences(inspect.RepoDigests),
    created: inspect.Created,
    size: inspect.Size,
    sharedSize: 0,
    uniqueSize: inspect.Size,
    layerCount: record.diffIds.length,
    containers: containers.length,
    dangling: cleanReferences(inspect.RepoTags).length === 0,
  };

  const history = toHistory(record);
  const stepOfLayer = new Map<number, number>();
  history.forEach((step, index) => {
    if (step.layerIndex !== null) stepOfLayer.set(step.layerIndex, index);
  });
  const usersByChain = new Map<string, string[]>();
  for (const other of records.values()) {
    if (!byId.has(other.imageId)) continue;
    for (const chainId of other.chainIds) {
      const users = usersByChain.get(chainId) ?? [];
      users.push(other.imageId);
      usersByChain.set(chainId, users);
    }
  }
  const layers: LayerView[] = record.diffIds.map((diffId, index) => {
    const chainId = record.chainIds[index]!;
    const stepIndex = stepOfLayer.get(index) ?? null;
    return {
      index,
      diffId,
      chainId,
      size: record.layerSizes[index] ?? 0,
      stepIndex,
      instruction: stepIndex === null ? null : history[stepIndex]!.instruction || history[stepIndex]!.keyword,
      sharedWith: (usersByChain.get(chainId) ?? [])
        .filter((id) => id !== inspect.Id)
        .map((id) => ({ id, shortId: shortImageId(id), repoTags: byId.get(id)?.repoTags ?? [] })),
    };
  });

  return {
    summary,
    config: toConfigView(inspect),
    history,
    layers,
    alignment: { source: record.alignmentSource, note: record.alignmentNote },
    containers,
  };
}

/** `docker tag SOURCE REPO:TAG` through the engine. */
export async function tagImageOnEngine({ ref, repo, tag }: { ref: string; repo: string; tag: string }): Promise<void> {
  try {
    await getDocker().getImage(ref).tag({ repo, tag });
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: ref, action: "tag" });
  } finally {
    invalidateEngineSnapshot();
  }
}

// The engine words it "container ID is using ..." or "being used by running container ID".
const CONTAINER_IN_CONFLICT = /container ([0-9a-f]{12,64})\b/g;

/**
 * `docker rmi` through the engine. A conflict (a container uses the image, or the ID has several
 * tags) is a 409 that names the containers and says whether `force` can override it — the engine
 * refuses even a forced removal while a *running* container uses the image.
 */
export async function removeImageOnEngine({
  ref,
  force,
  noPrune,
}: {
  ref: string;
  force: boolean;
  noPrune: boolean;
}): Promise<RemovedImage> {
  let items: { Untagged?: string; Deleted?: string }[];
  try {
    items = (await getDocker().getImage(ref).remove({ force, noprune: noPrune })) as typeof items;
    invalidateEngineSnapshot();
  } catch (error) {
    invalidateEngineSnapshot();
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 409) throw toEngineError(error, { kind: "image", name: ref, action: "remove" });
    const message = engineMessage(error);
    const ids = [...message.matchAll(CONTAINER_IN_CONFLICT)].map((match) => match[1]!);
    const containers = await describeContainers(ids);
    const canForce = !/cannot be forced/.test(message) && !force;
    const who = containers.length
      ? ` It is used by ${containers.map((c) => `container ${c.name || c.shortId} (${c.state})`).join(", ")}.`
      : "";
    const hint = canForce
      ? " Remove those containers first, or force the removal."
      : containers.some((c) => c.state === "running")
        ? " A running container's image cannot be removed even by force: stop and remove the container first."
        : "";
    throw new AppError("conflict:image", 409, `Cannot remove image ${ref}: ${message}.${who}${hint}`, {
      cause: error,
      details: { containers, canForce },
    });
  }
  return {
    untagged: items.flatMap((item) => (item.Untagged ? [item.Untagged] : [])),
    deleted: items.flatMap((item) => (item.Deleted ? [item.Deleted] : [])),
  };
}

async function describeContainers(ids: readonly string[]): Promise<ContainerSummary[]> {
  if (ids.length === 0) return [];
  const all = await listContainers().catch(() => [] as ContainerSummary[]);
  return ids.map(
    (id) =>
      all.find((container) => container.id.startsWith(id)) ?? {
        id,
        shortId: id.slice(0, 12),
        name: "",
        image: "",
        imageId: "",
        command: "",
        state: "unknown",
        status: "",
        created: "",
        ports: [],
        sizeRw: null,
        sizeRootFs: null,
      },
  );
}

import "server-only";
import { getDockerHost } from "@/lib/docker/client";
import { toEngineError } from "@/lib/docker/errors";
import { inspectImage, type EngineImageInspect } from "@/lib/docker/images";
import { getEngineSnapshot } from "@/lib/docker/snapshot";
import { countContainersByImage, listContainers } from "@/lib/containers/queries";
import { combineStartCommand } from "@/lib/containers/start-command";
import { buildImageList, cleanReferences, queryImages, shortImageId } from "@/lib/images/catalog";
import type { HistoryStep, ImageConfigView, ImageDetail, ImageList, ImageQuery, LayerView } from "@/lib/images/types";
import { describeCreatedBy } from "@/lib/layers/instruction";
import { getLayerRecord, getLayerRecords, type LayerRecord } from "@/lib/layers/records";

async function loadImageList(): Promise<{ list: ImageList; records: Map<string, LayerRecord> }> {
  const { images, containers } = await getEngineSnapshot();
  let records: Map<string, LayerRecord>;
  try {
    records = await getLayerRecords(images.map((image) => image.id));
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "read image layers" });
  }
  const containerCounts = countContainersByImage(containers.map((container) => ({ imageId: container.ImageID })));
  return { list: buildImageList({ images, layers: records, containerCounts }), records };
}

/**
 * Every image (not intermediate build images) with tags, sizes, sharing and container counts.
 * Costs one image list and one container list per call; layer data is computed once per image ID.
 */
export async function listImages(): Promise<ImageList> {
  return (await loadImageList()).list;
}

/** The list filtered and sorted as `GET /api/images` and the images page ask. */
export async function queryImageList(query: ImageQuery): Promise<ImageList> {
  const list = await listImages();
  return { images: queryImages(list.images, query), totals: list.totals };
}

function toConfigView(inspect: EngineImageInspect): ImageConfigView {
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

/**
 * `currentTags` gives each step's tags as they are now: the record is kept per image ID and its
 * history was read once, but tags come and go (an untag must not linger on the step it named).
 */
function toHistory(record: LayerRecord, currentTags: (step: LayerRecord["steps"][number]) => string[]): HistoryStep[] {
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
      tags: currentTags(step),
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

  // Every tagged image is in the list, so a step whose image is not there has no tag now.
  const history = toHistory(record, (step) =>
    step.id === inspect.Id ? cleanReferences(inspect.RepoTags) : step.id ? (byId.get(step.id)?.repoTags ?? []) : [],
  );
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

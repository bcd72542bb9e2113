/** The app's own shapes for what the engine reports; raw dockerode shapes stop at lib/docker. */

export type EngineInfo =
  | {
      reachable: true;
      dockerHost: string;
      version: string;
      apiVersion: string;
      os: string;
      arch: string;
      kernelVersion: string;
      operatingSystem: string;
      storageDriver: string;
      images: number;
      containers: number;
      containersRunning: number;
    }
  | { reachable: false; dockerHost: string; error: string };

export type ImageSummary = {
  id: string;
  shortId: string;
  /** `repo:tag` references; empty for a dangling image (shown as `<none>:<none>`). */
  repoTags: string[];
  repoDigests: string[];
  /** ISO 8601. */
  created: string;
  size: number;
  /** Bytes in layers that other listed images also use. */
  sharedSize: number;
  /** Bytes only this image uses: what removing it frees. */
  uniqueSize: number;
  layerCount: number;
  /** Containers created from this image, running or stopped (a stopped one still blocks rmi). */
  containers: number;
  dangling: boolean;
};

export type ImageListTotals = {
  count: number;
  /** Bytes on disk for all listed images, each shared layer counted once. */
  totalSize: number;
  /** Bytes freed by removing every image no container uses (`docker image prune -a`). */
  unusedSize: number;
  unusedCount: number;
  /** Bytes freed by removing every unused dangling image (`docker image prune`). */
  danglingSize: number;
  danglingCount: number;
};

export type ImageList = { images: ImageSummary[]; totals: ImageListTotals };

export type HealthcheckConfig = {
  test: string[];
  interval?: number;
  timeout?: number;
  startPeriod?: number;
  retries?: number;
};

export type ImageConfigView = {
  cmd: string[] | null;
  entrypoint: string[] | null;
  /** What a container runs by default: ENTRYPOINT followed by CMD. */
  startCommand: string[] | null;
  env: string[];
  exposedPorts: string[];
  volumes: string[];
  workingDir: string;
  user: string;
  labels: Record<string, string>;
  onBuild: string[];
  healthcheck: HealthcheckConfig | null;
  stopSignal: string | null;
  shell: string[] | null;
  os: string;
  architecture: string;
  variant: string | null;
  repoDigests: string[];
  parent: string | null;
  author: string;
  comment: string;
  dockerVersion: string;
  created: string;
};

export type HistoryStep = {
  /** Image ID of the step, or null where `docker history` prints `<missing>`. */
  id: string | null;
  created: string;
  createdBy: string;
  /** The Dockerfile instruction the step came from, e.g. `RUN dd if=/dev/zero ...`. */
  instruction: string;
  keyword: string;
  size: number;
  comment: string;
  tags: string[];
  /** True when the step changed only metadata and made no layer. Null when it cannot be told. */
  emptyLayer: boolean | null;
  layerIndex: number | null;
  diffId: string | null;
};

export type LayerSharer = { id: string; shortId: string; repoTags: string[] };

export type LayerView = {
  index: number;
  diffId: string;
  chainId: string;
  size: number;
  /** Index into `history` (oldest first) of the step that made this layer, or null if unknown. */
  stepIndex: number | null;
  instruction: string | null;
  /** Other listed images that stack this very layer (same chain ID). */
  sharedWith: LayerSharer[];
};

export type ContainerSummary = {
  id: string;
  shortId: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  state: string;
  status: string;
  created: string;
  sizeRw: number | null;
  sizeRootFs: number | null;
};

export type AlignmentInfo = {
  /** Where the step↔layer mapping came from. */
  source: "config" | "sizes" | "intermediate-images" | "unknown";
  note: string | null;
};

export type ImageDetail = {
  summary: ImageSummary;
  config: ImageConfigView;
  /** Oldest step first (the reverse of `docker history`'s order). */
  history: HistoryStep[];
  /** Base layer first. */
  layers: LayerView[];
  alignment: AlignmentInfo;
  containers: ContainerSummary[];
};

export type RemovedImage = { untagged: string[]; deleted: string[] };

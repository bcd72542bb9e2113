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
  ports: ContainerPort[];
  /** Bytes in the container's own writable layer (null unless sizes were asked for). */
  sizeRw: number | null;
  /** The image's layers plus the writable layer. */
  sizeRootFs: number | null;
};

export type ContainerPort = { ip: string | null; privatePort: number; publicPort: number | null; type: string };

export type ContainerHealth = {
  status: string;
  failingStreak: number;
  log: { start: string; end: string; exitCode: number; output: string }[];
};

/** `docker container inspect`, in the app's names; `raw` is the engine's answer as it came. */
export type ContainerDetail = {
  id: string;
  shortId: string;
  name: string;
  /** The image as given at creation (a reference or an ID). */
  image: string;
  imageId: string;
  created: string;
  /** The process the container runs: its path followed by its arguments. */
  process: string[];
  state: {
    status: string;
    running: boolean;
    paused: boolean;
    restarting: boolean;
    oomKilled: boolean;
    dead: boolean;
    pid: number;
    exitCode: number;
    error: string;
    startedAt: string | null;
    finishedAt: string | null;
    health: ContainerHealth | null;
  };
  config: {
    hostname: string;
    user: string;
    workingDir: string;
    env: string[];
    cmd: string[] | null;
    entrypoint: string[] | null;
    labels: Record<string, string>;
    tty: boolean;
    openStdin: boolean;
    exposedPorts: string[];
    stopSignal: string | null;
  };
  hostConfig: {
    /** In the CLI's syntax: "no", "always", "on-failure:3". */
    restartPolicy: string;
    autoRemove: boolean;
    binds: string[];
    /** In `-p` syntax. */
    portBindings: string[];
    networkMode: string;
    privileged: boolean;
  };
  mounts: { type: string; name: string | null; source: string; destination: string; mode: string; rw: boolean }[];
  network: {
    ipAddress: string;
    gateway: string;
    macAddress: string;
    ports: { containerPort: string; hostIp: string | null; hostPort: string | null }[];
    networks: { name: string; ipAddress: string; gateway: string; macAddress: string }[];
  };
  sizeRw: number | null;
  sizeRootFs: number | null;
  raw: unknown;
};

export type ContainerChangeKind = "added" | "changed" | "deleted";
export type ContainerChange = { path: string; kind: ContainerChangeKind };

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

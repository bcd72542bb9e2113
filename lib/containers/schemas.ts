import { z } from "zod";
import { CONTAINER_ACTIONS } from "@/lib/cli/command";
import { queryFlag } from "@/lib/http/query-flags";

// Requests

/** `{id}` in a path: a container ID (full or short) or name; the grammar is checked by the action. */
export const containerIdParamsSchema = z.object({ id: z.string().min(1).max(256) });

/** The verb is checked by the handler: an unknown one is a path that does not exist (404), not bad input. */
export const containerActionParamsSchema = containerIdParamsSchema.extend({
  action: z.string().meta({ description: `one of ${CONTAINER_ACTIONS.join(", ")}` }),
});

export const removeContainerQuerySchema = z.object({ force: queryFlag.optional(), volumes: queryFlag.optional() });

export const containerLogsQuerySchema = z.object({
  tail: z.union([z.literal("all"), z.coerce.number().int().min(0).max(1_000_000)]).optional(),
  timestamps: queryFlag.optional(),
  follow: queryFlag.optional(),
});

export const CONTAINER_FILTERS = ["all", "running", "stopped"] as const;

/** The containers page's query (the API lists every container; the page filters). */
export const containerListQuerySchema = z.object({
  filter: z.enum(CONTAINER_FILTERS).default("all"),
  q: z.string().max(256).default(""),
});

const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const terminalSize = z.number().int().min(1).max(1000);

/** Body of `POST /api/containers/{id}/exec`. */
export const consoleRequestSchema = z
  .object({
    command: z
      .array(
        z
          .string()
          .max(4096)
          .refine((word) => !word.includes("\0"), "must not contain NUL"),
      )
      .min(1, "must name a program")
      .max(64)
      .refine((argv) => argv.length === 0 || argv[0]!.trim() !== "", "the program (first word) must not be empty")
      .default(["sh"]),
    cols: terminalSize.optional(),
    rows: terminalSize.optional(),
    user: z.string().max(256).regex(USER, "must be a user or uid, optionally :group or :gid").optional(),
    workingDir: z.string().max(4096).startsWith("/", "must be an absolute path").optional(),
  })
  .refine((body) => (body.cols === undefined) === (body.rows === undefined), {
    message: "give both cols and rows, or neither",
    path: ["cols"],
  });

/** Body of `POST /api/exec/{session}/resize`. */
export const consoleResizeSchema = z.object({ cols: terminalSize, rows: terminalSize });

export const consoleSessionParamsSchema = z.object({ session: z.string().min(1).max(128) });

// Results

export const containerPortSchema = z.object({
  ip: z.string().nullable(),
  privatePort: z.number(),
  publicPort: z.number().nullable(),
  type: z.string(),
});

export const containerSummarySchema = z.object({
  id: z.string(),
  shortId: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  command: z.string(),
  state: z.string(),
  status: z.string(),
  created: z.string(),
  ports: z.array(containerPortSchema),
  /** Bytes in the container's own writable layer (null unless sizes were asked for). */
  sizeRw: z.number().nullable(),
  /** The image's layers plus the writable layer. */
  sizeRootFs: z.number().nullable(),
});

export const containerListSchema = z.object({ containers: z.array(containerSummarySchema) });

export const containerHealthSchema = z.object({
  status: z.string(),
  failingStreak: z.number(),
  log: z.array(z.object({ start: z.string(), end: z.string(), exitCode: z.number(), output: z.string() })),
});

/** `docker container inspect`, in the app's names; `raw` is the engine's answer as it came. */
export const containerDetailSchema = z.object({
  id: z.string(),
  shortId: z.string(),
  name: z.string(),
  /** The image as given at creation (a reference or an ID). */
  image: z.string(),
  imageId: z.string(),
  created: z.string(),
  /** The process the container runs: its path followed by its arguments. */
  process: z.array(z.string()),
  state: z.object({
    status: z.string(),
    running: z.boolean(),
    paused: z.boolean(),
    restarting: z.boolean(),
    oomKilled: z.boolean(),
    dead: z.boolean(),
    pid: z.number(),
    exitCode: z.number(),
    error: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    health: containerHealthSchema.nullable(),
  }),
  config: z.object({
    hostname: z.string(),
    user: z.string(),
    workingDir: z.string(),
    env: z.array(z.string()),
    cmd: z.array(z.string()).nullable(),
    entrypoint: z.array(z.string()).nullable(),
    labels: z.record(z.string(), z.string()),
    tty: z.boolean(),
    openStdin: z.boolean(),
    exposedPorts: z.array(z.string()),
    stopSignal: z.string().nullable(),
  }),
  hostConfig: z.object({
    /** In the CLI's syntax: "no", "always", "on-failure:3". */
    restartPolicy: z.string(),
    autoRemove: z.boolean(),
    binds: z.array(z.string()),
    /** In `-p` syntax. */
    portBindings: z.array(z.string()),
    networkMode: z.string(),
    privileged: z.boolean(),
  }),
  mounts: z.array(
    z.object({
      type: z.string(),
      name: z.string().nullable(),
      source: z.string(),
      destination: z.string(),
      mode: z.string(),
      rw: z.boolean(),
    }),
  ),
  network: z.object({
    ipAddress: z.string(),
    gateway: z.string(),
    macAddress: z.string(),
    ports: z.array(z.object({ containerPort: z.string(), hostIp: z.string().nullable(), hostPort: z.string().nullable() })),
    networks: z.array(z.object({ name: z.string(), ipAddress: z.string(), gateway: z.string(), macAddress: z.string() })),
  }),
  sizeRw: z.number().nullable(),
  sizeRootFs: z.number().nullable(),
  raw: z.unknown(),
});

export const CONTAINER_CHANGE_KINDS = ["added", "changed", "deleted"] as const;
export const containerChangeSchema = z.object({ path: z.string(), kind: z.enum(CONTAINER_CHANGE_KINDS) });
export const containerChangesSchema = z.object({
  changes: z.array(containerChangeSchema),
  counts: z.object({ added: z.number(), changed: z.number(), deleted: z.number() }),
  command: z.string(),
});

/** One `docker stats` sample, computed as the CLI does (lib/containers/stats.ts). Byte counts are totals since the container started. */
export const containerStatsSchema = z.object({
  /** When the engine read the cgroup. */
  time: z.string(),
  /** CPU time over the sample interval; 100 is one full CPU. */
  cpu: z.object({ percent: z.number() }),
  /** Bytes in use (without the page cache the kernel can drop) and the limit (the host's memory when none is set). */
  memory: z.object({ used: z.number(), limit: z.number() }),
  network: z.object({ rx: z.number(), tx: z.number() }),
  blockIo: z.object({ read: z.number(), write: z.number() }),
});

export const logLineSchema = z.object({ stream: z.enum(["stdout", "stderr"]), text: z.string(), time: z.string().optional() });

const commandSchema = z.object({ command: z.string() });

export const launchedContainerSchema = commandSchema.extend({
  id: z.string(),
  name: z.string(),
  started: z.boolean(),
  /** The state just after the launch: a process that ends at once has already "exited" (or, with --rm, is "removed"). */
  state: z.string(),
  /** Set once the container has exited. */
  exitCode: z.number().nullable(),
  warnings: z.array(z.string()),
});

export const containerActionResultSchema = commandSchema.extend({
  id: z.string(),
  name: z.string(),
  action: z.enum(CONTAINER_ACTIONS),
  state: z.string(),
});

export const removedContainerSchema = commandSchema.extend({ id: z.string(), name: z.string() });

const wordsSchema = z.array(z.string());

export const processPreviewSchema = z.object({
  /** The process that will run; empty when there is none (the engine refuses to create the container). */
  argv: wordsSchema,
  entrypoint: z.object({ value: wordsSchema, source: z.enum(["image", "override", "cleared", "none"]), shellForm: z.boolean() }),
  /** `value` is the CMD that applies; for "dropped", the image's CMD that no longer does. */
  cmd: z.object({ value: wordsSchema, source: z.enum(["image", "run", "dropped", "none"]), shellForm: z.boolean() }),
  /** One sentence per rule that applied, for people learning how ENTRYPOINT and CMD combine. */
  notes: z.array(z.string()),
});

/** What a launch starts from: the image's own start settings. */
export const imageStartSchema = z.object({
  id: z.string(),
  entrypoint: wordsSchema.nullable(),
  cmd: wordsSchema.nullable(),
  workingDir: z.string(),
  user: z.string(),
  env: z.array(z.string()),
});

export const launchPreviewSchema = commandSchema.extend({ process: processPreviewSchema, image: imageStartSchema });

export const CONSOLE_END_REASONS = ["exited", "closed", "ended", "idle"] as const;

export const openedConsoleSchema = z.object({
  session: z.string(),
  execId: z.string(),
  container: z.object({ id: z.string(), name: z.string() }),
  /** The equivalent CLI line. */
  command: z.string(),
});

export const consoleStatusSchema = openedConsoleSchema.extend({
  state: z.enum(["open", "ending", "ended"]),
  /** Null while open, and when the engine could not say (container removed meanwhile). */
  exitCode: z.number().nullable(),
  endedBy: z.enum(CONSOLE_END_REASONS).nullable(),
});

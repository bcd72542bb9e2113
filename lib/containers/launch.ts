// What launching a container takes, in the terms of `docker run`, and what it will run. Pure: the
// launch form imports this to validate and preview as the user types; the API validates with the
// same schema and turns the spec into the engine's create request.
import { parse as parseShellWords } from "shell-quote";
import { z } from "zod";
import { renderCommand } from "@/lib/cli/command";

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const USER = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]*(:[a-zA-Z0-9_][a-zA-Z0-9_.-]*)?$/;
const ENV_KEY = /^[^=\s\0]+$/;
const RESTART_POLICY = /^(no|always|unless-stopped|on-failure(:\d{1,4})?)$/;

export type PortBinding = { hostIp: string | null; hostPort: string | null; containerPort: number; protocol: "tcp" | "udp" | "sctp" };

function parsePortNumber(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535)
    throw new Error(`${what} "${text}" is not a port number (1-65535)`);
  return Number(text);
}

/**
 * Reads one `-p` value: `[IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, IPv6 addresses in brackets.
 * Without a host port the engine picks a free one.
 *
 * @example parsePortBinding("127.0.0.1:8080:80/udp") // { hostIp: "127.0.0.1", hostPort: "8080", containerPort: 80, protocol: "udp" }
 */
export function parsePortBinding(text: string): PortBinding {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|\d{1,3}(?:\.\d{1,3}){3}):)?(?:(\d*):)?(\d+)(?:\/(tcp|udp|sctp))?$/.exec(text.trim());
  if (!match)
    throw new Error(
      `"${text}" is not a port binding: use CONTAINER_PORT, HOST_PORT:CONTAINER_PORT or IP:HOST_PORT:CONTAINER_PORT, optionally /tcp or /udp`,
    );
  const [, ip, hostPort, containerPort, protocol] = match;
  if (ip && hostPort === undefined) throw new Error(`"${text}" is not a port binding: after an IP comes HOST_PORT:CONTAINER_PORT`);
  return {
    hostIp: ip ? ip.replace(/^\[|\]$/g, "") : null,
    hostPort: hostPort ? String(parsePortNumber(hostPort, "host port")) : null,
    containerPort: parsePortNumber(containerPort!, "container port"),
    protocol: (protocol ?? "tcp") as PortBinding["protocol"],
  };
}

export type VolumeMount =
  | { type: "volume"; source: string; target: string; readOnly: boolean }
  | { type: "bind"; source: string; target: string; readOnly: boolean }
  | { type: "anonymous"; source: null; target: string; readOnly: false };

/**
 * Reads one `-v` value: `NAME:/path[:ro]` (named volume), `/host/path:/path[:ro]` (bind mount of
 * a host directory) or `/path` (a new anonymous volume).
 *
 * @example parseVolume("data:/var/lib/data:ro") // { type: "volume", source: "data", target: "/var/lib/data", readOnly: true }
 */
export function parseVolume(text: string): VolumeMount {
  const parts = text.trim().split(":");
  if (parts.length === 1) {
    const target = parts[0]!;
    if (!target.startsWith("/")) throw new Error(`"${text}" is not a volume: a container path starts with /`);
    return { type: "anonymous", source: null, target, readOnly: false };
  }
  if (parts.length > 3) throw new Error(`"${text}" is not a volume: use SOURCE:/container/path[:ro]`);
  const [source, target, mode] = parts as [string, string, string | undefined];
  if (!target.startsWith("/")) throw new Error(`"${text}" is not a volume: the container path "${target}" must start with /`);
  if (mode !== undefined && mode !== "ro" && mode !== "rw")
    throw new Error(`"${text}" is not a volume: the mode must be ro or rw, not "${mode}"`);
  const readOnly = mode === "ro";
  if (source.startsWith("/")) return { type: "bind", source, target, readOnly };
  if (!VOLUME_NAME.test(source))
    throw new Error(`"${text}" is not a volume: "${source}" is neither a volume name (letters, digits, _ . -) nor an absolute host path`);
  return { type: "volume", source, target, readOnly };
}

function refineWith<T>(parse: (text: string) => T) {
  return (text: string, context: z.RefinementCtx) => {
    try {
      parse(text);
    } catch (error) {
      context.addIssue({ code: "custom", message: (error as Error).message });
    }
  };
}

const commandWords = z
  .array(
    z
      .string()
      .max(4096)
      .refine((word) => !word.includes("\0"), "must not contain NUL"),
  )
  .max(256);

export const launchSpecSchema = z
  .object({
    image: z.string().trim().min(1, "an image is required").max(512),
    name: z
      .string()
      .max(128)
      .regex(CONTAINER_NAME, "a container name is letters, digits, _ . - and starts with a letter or digit")
      .optional(),
    cmd: commandWords.optional(),
    entrypoint: commandWords.optional(),
    env: z
      .array(
        z
          .string()
          .max(32_768)
          .refine((entry) => ENV_KEY.test(entry.split("=")[0] ?? "") && entry.includes("="), "each entry is KEY=value"),
      )
      .max(256)
      .optional(),
    ports: z
      .array(z.string().max(64).superRefine(refineWith(parsePortBinding)))
      .max(64)
      .optional(),
    volumes: z
      .array(z.string().max(4096).superRefine(refineWith(parseVolume)))
      .max(64)
      .optional(),
    workingDir: z.string().max(4096).regex(/^\//, "the working directory is an absolute path").optional(),
    user: z.string().max(256).regex(USER, "the user is NAME, UID, NAME:GROUP or UID:GID").optional(),
    restartPolicy: z
      .string()
      .regex(RESTART_POLICY, "the restart policy is no, always, unless-stopped, on-failure or on-failure:N")
      .optional(),
    autoRemove: z.boolean().optional(),
    labels: z
      .record(z.string().min(1).max(256), z.string().max(4096))
      .refine((labels) => Object.keys(labels).length <= 128, "at most 128 labels")
      .optional(),
    tty: z.boolean().optional(),
    interactive: z.boolean().optional(),
    start: z.boolean().optional(),
  })
  .strict()
  .superRefine((spec, context) => {
    // The engine refuses the pair, as `docker run --rm --restart always` does.
    if (spec.autoRemove && spec.restartPolicy && spec.restartPolicy !== "no") {
      context.addIssue({ code: "custom", path: ["autoRemove"], message: "auto-remove (--rm) cannot be combined with a restart policy" });
    }
  });

export type LaunchSpec = z.infer<typeof launchSpecSchema>;

export type ProcessPreview = {
  /** The process that will run; empty when there is none (the engine refuses to create the container). */
  argv: string[];
  entrypoint: { value: string[]; source: "image" | "override" | "cleared" | "none"; shellForm: boolean };
  /** `value` is the CMD that applies; for "dropped", the image's CMD that no longer does. */
  cmd: { value: string[]; source: "image" | "run" | "dropped" | "none"; shellForm: boolean };
  /** One sentence per rule that applied, for people learning how ENTRYPOINT and CMD combine. */
  notes: string[];
};

/** Shell form (`CMD echo hi`) is stored as `["/bin/sh", "-c", "echo hi"]`. */
function isShellForm(words: readonly string[]): boolean {
  return words.length === 3 && (words[0] === "/bin/sh" || words[0] === "sh") && words[1] === "-c";
}

/**
 * The process a container will run, by Docker's rules
 * (https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact):
 * a run-time command replaces the image's CMD but keeps its ENTRYPOINT; an ENTRYPOINT override
 * also drops the image's CMD; the process is ENTRYPOINT followed by CMD.
 *
 * @example previewProcess({ entrypoint: ["/bin/sh", "/app/run.sh"], cmd: ["--port", "8080"] }, { cmd: ["--verbose"] }).argv
 * // ["/bin/sh", "/app/run.sh", "--verbose"]
 */
export function previewProcess(
  image: { entrypoint: readonly string[] | null; cmd: readonly string[] | null },
  spec: Pick<LaunchSpec, "cmd" | "entrypoint">,
): ProcessPreview {
  const notes: string[] = [];
  const imageEntrypoint = [...(image.entrypoint ?? [])];
  const imageCmd = [...(image.cmd ?? [])];
  const runCmd = spec.cmd && spec.cmd.length > 0 ? [...spec.cmd] : null;

  let entrypoint: ProcessPreview["entrypoint"];
  if (spec.entrypoint === undefined) {
    entrypoint = { value: imageEntrypoint, source: imageEntrypoint.length > 0 ? "image" : "none", shellForm: isShellForm(imageEntrypoint) };
  } else if (spec.entrypoint.length === 0) {
    entrypoint = { value: [], source: "cleared", shellForm: false };
    notes.push(
      imageEntrypoint.length > 0
        ? `The image's ENTRYPOINT (${renderCommand(imageEntrypoint)}) is cleared.`
        : "The entrypoint is cleared (the image has none anyway).",
    );
  } else {
    entrypoint = { value: [...spec.entrypoint], source: "override", shellForm: false };
    notes.push(`--entrypoint replaces the image's ENTRYPOINT${imageEntrypoint.length > 0 ? ` (${renderCommand(imageEntrypoint)})` : ""}.`);
  }

  let cmd: ProcessPreview["cmd"];
  if (runCmd) {
    cmd = { value: runCmd, source: "run", shellForm: false };
    notes.push(
      imageCmd.length > 0
        ? `The command given at run time replaces the image's CMD (${renderCommand(imageCmd)})${entrypoint.value.length > 0 ? ", not its ENTRYPOINT" : ""}.`
        : "The command given at run time is used (the image has no CMD).",
    );
  } else if (spec.entrypoint !== undefined && imageCmd.length > 0) {
    cmd = { value: imageCmd, source: "dropped", shellForm: isShellForm(imageCmd) };
    notes.push(
      `Overriding the entrypoint drops the image's CMD (${renderCommand(imageCmd)}), as docker run does; give a command to pass arguments.`,
    );
  } else {
    cmd = { value: imageCmd, source: imageCmd.length > 0 ? "image" : "none", shellForm: isShellForm(imageCmd) };
  }

  const effectiveCmd = cmd.source === "dropped" ? [] : cmd.value;
  if (entrypoint.value.length > 0 && effectiveCmd.length > 0) {
    notes.push(
      entrypoint.shellForm
        ? 'The ENTRYPOINT is in shell form (/bin/sh -c "…"): the CMD words only become the shell\'s $0, $1 … and are ignored unless the script uses them.'
        : "With an ENTRYPOINT, the CMD words are passed to it as arguments.",
    );
  } else if (entrypoint.value.length === 0 && effectiveCmd.length > 0 && cmd.shellForm) {
    notes.push("The CMD is in shell form: /bin/sh -c runs it, so the shell is the container's main process (PID 1).");
  }
  const argv = [...entrypoint.value, ...effectiveCmd];
  if (argv.length === 0) notes.push("Nothing to run: the image has no ENTRYPOINT or CMD, so a command is required.");
  return { argv, entrypoint, cmd, notes };
}

/**
 * Splits what a user typed in a command field into words, as a POSIX shell would (quotes and
 * escapes; `$VAR` is kept literally since nothing here expands it). Operators such as `|` or `>`
 * stay literal words: the engine runs the argv directly, without a shell.
 *
 * @example splitCommandLine(`sh -c 'echo hi; ls'`) // ["sh", "-c", "echo hi; ls"]
 */
export function splitCommandLine(text: string): string[] {
  return parseShellWords(text, (name) => `$${name}`).flatMap((entry) => {
    if (typeof entry === "string") return [entry];
    if ("comment" in entry) return [`#${entry.comment}`];
    if (entry.op === "glob") return [entry.pattern];
    return [entry.op];
  });
}

/** The inverse of splitCommandLine: argv as one line to show in an input. */
export function joinCommandLine(argv: readonly string[]): string {
  return renderCommand(argv);
}

/** A spec's fields by what went wrong, for showing each error next to its field. */
export function launchSpecErrors(
  input: unknown,
): { ok: true; spec: LaunchSpec } | { ok: false; errors: { path: string; message: string }[] } {
  const result = launchSpecSchema.safeParse(input);
  if (result.success) return { ok: true, spec: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
}

/** The engine's container-create body (`POST /containers/create`), in the Engine API's names. */
export type ContainerCreateRequest = {
  name?: string;
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env?: string[];
  ExposedPorts?: Record<string, Record<string, never>>;
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  User?: string;
  Labels?: Record<string, string>;
  Tty: boolean;
  OpenStdin: boolean;
  AttachStdin: false;
  AttachStdout: boolean;
  AttachStderr: boolean;
  HostConfig: {
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[]>;
    Binds?: string[];
    RestartPolicy?: { Name: string; MaximumRetryCount?: number };
    AutoRemove?: boolean;
  };
};

/** True when the spec mounts a host path: that reaches outside the container (see the API's role rule). */
export function hasBindMount(spec: Pick<LaunchSpec, "volumes">): boolean {
  return (spec.volumes ?? []).some((volume) => parseVolume(volume).type === "bind");
}

/**
 * The create request `docker run` would send for this spec. An empty entrypoint override is sent
 * as `[""]`, the engine's way of clearing the image's, exactly as the CLI does for `--entrypoint ''`.
 */
export function toCreateRequest(spec: LaunchSpec): ContainerCreateRequest {
  const ports = (spec.ports ?? []).map(parsePortBinding);
  const volumes = (spec.volumes ?? []).map(parseVolume);
  const portKey = (port: PortBinding) => `${port.containerPort}/${port.protocol}`;
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of ports) (portBindings[portKey(port)] ??= []).push({ HostIp: port.hostIp ?? "", HostPort: port.hostPort ?? "" });
  const anonymous = volumes.filter((volume) => volume.type === "anonymous");
  const binds = volumes
    .filter((volume) => volume.type !== "anonymous")
    .map((volume) => `${volume.source}:${volume.target}${volume.readOnly ? ":ro" : ""}`);
  const [policy, retries] = (spec.restartPolicy ?? "no").split(":");
  const detached = spec.start !== false;
  return {
    ...(spec.name ? { name: spec.name } : {}),
    Image: spec.image,
    ...(spec.cmd && spec.cmd.length > 0 ? { Cmd: spec.cmd } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint.length > 0 ? spec.entrypoint : [""] } : {}),
    ...(spec.env?.length ? { Env: spec.env } : {}),
    ...(ports.length ? { ExposedPorts: Object.fromEntries(ports.map((port) => [portKey(port), {}])) } : {}),
    ...(anonymous.length ? { Volumes: Object.fromEntries(anonymous.map((volume) => [volume.target, {}])) } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.labels && Object.keys(spec.labels).length ? { Labels: spec.labels } : {}),
    Tty: spec.tty === true,
    OpenStdin: spec.interactive === true,
    AttachStdin: false,
    // `docker create` attaches stdout/stderr in the config; `docker run -d` does not.
    AttachStdout: !detached,
    AttachStderr: !detached,
    HostConfig: {
      ...(ports.length ? { PortBindings: portBindings } : {}),
      ...(binds.length ? { Binds: binds } : {}),
      RestartPolicy: { Name: policy!, ...(retries ? { MaximumRetryCount: Number(retries) } : {}) },
      ...(spec.autoRemove ? { AutoRemove: true } : {}),
    },
  };
}

// The dashboard shows, next to each action, the docker CLI line that does the same thing, so a user
// can repeat it in a terminal. Everything here returns text to paste into a POSIX shell; nothing
// here runs a command.

/**
 * Placeholder for a secret in any rendered command. Builders take no password parameter at all,
 * so a credential can never reach a command line shown in the UI or stored in the audit log.
 *
 * @example `docker login -u alice -p ${REDACTED} registry.example.com`
 */
export const REDACTED = "<redacted>";

// Characters no POSIX shell treats specially inside a word (outside the command position).
const SAFE_ARG = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one argument for a POSIX shell: safe words stay bare, anything else is single-quoted,
 * since nothing inside single quotes is special except the quote itself (written `'\''`).
 *
 * @example quoteShellArg("busybox:1.36") // "busybox:1.36"
 * @example quoteShellArg("it's $HOME") // "'it'\\''s $HOME'"
 * @example quoteShellArg("") // "''"
 */
export function quoteShellArg(arg: string): string {
  if (SAFE_ARG.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * Joins an argv into one pasteable shell line, quoting each argument.
 *
 * @example renderCommand(["docker", "tag", "a b", "c"]) // "docker tag 'a b' c"
 */
export function renderCommand(argv: readonly string[]): string {
  return argv.map(quoteShellArg).join(" ");
}

/**
 * Renders `docker ...args`, dropping false/null/undefined entries so optional flags can be written
 * inline. An empty string is kept (and rendered as `''`) because it is a real argument.
 *
 * @example dockerCommand(["rmi", force && "-f", "busybox"]) // "docker rmi busybox" when force is false
 */
export function dockerCommand(args: readonly (string | false | null | undefined)[]): string {
  return renderCommand(["docker", ...args.filter((arg): arg is string => typeof arg === "string")]);
}

/**
 * `docker tag SOURCE TARGET`.
 *
 * @example dockerTagCommand({ source: "busybox:1.36", target: "localhost:5000/busybox:1.36" })
 * // "docker tag busybox:1.36 localhost:5000/busybox:1.36"
 */
export function dockerTagCommand(options: { source: string; target: string }): string {
  return dockerCommand(["tag", options.source, options.target]);
}

/**
 * `docker rmi [-f] [--no-prune] IMAGE`.
 *
 * @example dockerRmiCommand({ image: "busybox:1", force: true }) // "docker rmi -f busybox:1"
 */
export function dockerRmiCommand(options: { image: string; force?: boolean; noPrune?: boolean }): string {
  return dockerCommand(["rmi", options.force === true && "-f", options.noPrune === true && "--no-prune", options.image]);
}

/**
 * `docker history IMAGE`.
 *
 * @example dockerHistoryCommand({ image: "busybox:1" }) // "docker history busybox:1"
 */
export function dockerHistoryCommand(options: { image: string }): string {
  return dockerCommand(["history", options.image]);
}

/**
 * `docker image inspect IMAGE`. The `image` subcommand is used because plain `docker inspect` also
 * matches containers, networks and volumes of the same name.
 *
 * @example dockerInspectCommand({ image: "busybox:1" }) // "docker image inspect busybox:1"
 */
export function dockerInspectCommand(options: { image: string }): string {
  return dockerCommand(["image", "inspect", options.image]);
}

/**
 * `docker images [-a] [--filter F]...`, one `--filter` per entry, in the order given.
 *
 * @example dockerImagesCommand({ all: true, filters: ["dangling=true"] }) // "docker images -a --filter dangling=true"
 */
export function dockerImagesCommand(options: { all?: boolean; filters?: readonly string[] } = {}): string {
  return dockerCommand(["images", options.all === true && "-a", ...(options.filters ?? []).flatMap((filter) => ["--filter", filter])]);
}

/**
 * `docker login -u USER --password-stdin REGISTRY`: the password never appears on the line.
 *
 * @example dockerLoginCommand({ registry: "127.0.0.1:5055", username: "ci" }) // "docker login -u ci --password-stdin 127.0.0.1:5055"
 */
export function dockerLoginCommand(options: { registry: string; username: string }): string {
  return dockerCommand(["login", "-u", options.username, "--password-stdin", options.registry === "docker.io" ? null : options.registry]);
}

/** `docker pull REF`. */
export function dockerPullCommand(options: { reference: string }): string {
  return dockerCommand(["pull", options.reference]);
}

/** `docker push REF`. */
export function dockerPushCommand(options: { reference: string }): string {
  return dockerCommand(["push", options.reference]);
}

/**
 * `docker save -o FILE IMAGE...`.
 *
 * @example dockerSaveCommand({ images: ["busybox:1"], output: "busybox.tar" }) // "docker save -o busybox.tar busybox:1"
 */
export function dockerSaveCommand(options: { images: readonly string[]; output: string }): string {
  return dockerCommand(["save", "-o", options.output, ...options.images]);
}

/** `docker load -i FILE`. */
export function dockerLoadCommand(options: { input: string }): string {
  return dockerCommand(["load", "-i", options.input]);
}

/**
 * `docker save REF | docker -H TARGET load`: an image copied from one engine to another through a
 * pipe, as the dashboard does it. The source gets its own `-H` when it is not the engine the shell
 * already talks to (`DOCKER_HOST`).
 *
 * @example dockerCopyCommand({ reference: "seed/web:1", targetHost: "ssh://ops@edge" })
 * // "docker save seed/web:1 | docker -H ssh://ops@edge load"
 */
export function dockerCopyCommand(options: { reference: string; sourceHost?: string; targetHost: string }): string {
  const save = dockerCommand([...(options.sourceHost ? ["-H", options.sourceHost] : []), "save", options.reference]);
  return `${save} | ${dockerCommand(["-H", options.targetHost, "load"])}`;
}

/**
 * `docker import [-m MSG] [-c CHANGE]... FILE|URL [REPO[:TAG]]`.
 *
 * @example dockerImportCommand({ source: "rootfs.tar", reference: "local/base:1", message: "base", changes: ["CMD [\"sh\"]"] })
 * // `docker import -m base -c 'CMD ["sh"]' rootfs.tar local/base:1`
 */
export function dockerImportCommand(options: {
  source: string;
  reference?: string;
  message?: string;
  changes?: readonly string[];
}): string {
  return dockerCommand([
    "import",
    ...(options.message ? ["-m", options.message] : []),
    ...(options.changes ?? []).flatMap((change) => ["-c", change]),
    options.source,
    options.reference,
  ]);
}

/**
 * `docker commit [-a AUTHOR] [-m MSG] [-p=false] [-c CHANGE]... CONTAINER [REPO[:TAG]]`. Pausing is
 * the CLI's default, so only turning it off shows.
 *
 * @example dockerCommitCommand({ container: "web", reference: "team/web:2", message: "fix", pause: true })
 * // "docker commit -m fix web team/web:2"
 */
export function dockerCommitCommand(options: {
  container: string;
  reference?: string;
  message?: string;
  author?: string;
  pause?: boolean;
  changes?: readonly string[];
}): string {
  return dockerCommand([
    "commit",
    ...(options.author ? ["-a", options.author] : []),
    ...(options.message ? ["-m", options.message] : []),
    options.pause === false && "-p=false",
    ...(options.changes ?? []).flatMap((change) => ["-c", change]),
    options.container,
    options.reference,
  ]);
}

/** `docker export -o FILE CONTAINER`. */
export function dockerExportCommand(options: { container: string; output: string }): string {
  return dockerCommand(["export", "-o", options.output, options.container]);
}

/**
 * `docker exec [-i] [-t] [-u USER] [-w DIR] CONTAINER COMMAND...`; `-it` when both are on, as
 * people type it.
 *
 * @example dockerExecCommand({ container: "web", command: ["sh"], tty: true, interactive: true }) // "docker exec -it web sh"
 */
export function dockerExecCommand(options: {
  container: string;
  command: readonly string[];
  tty?: boolean;
  interactive?: boolean;
  user?: string;
  workingDir?: string;
}): string {
  return dockerCommand([
    "exec",
    interactiveFlags(options),
    ...(options.user ? ["-u", options.user] : []),
    ...(options.workingDir ? ["-w", options.workingDir] : []),
    options.container,
    ...options.command,
  ]);
}

function interactiveFlags({ tty, interactive }: { tty?: boolean; interactive?: boolean }): string | null {
  if (tty && interactive) return "-it";
  if (interactive) return "-i";
  if (tty) return "-t";
  return null;
}

export const CONTAINER_ACTIONS = ["start", "stop", "restart", "kill", "pause", "unpause"] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/**
 * `docker start|stop|restart|kill|pause|unpause CONTAINER`.
 *
 * @example dockerContainerActionCommand({ action: "stop", container: "web" }) // "docker stop web"
 */
export function dockerContainerActionCommand(options: { action: ContainerAction; container: string }): string {
  return dockerCommand([options.action, options.container]);
}

/**
 * `docker rm [-f] [-v] CONTAINER`.
 *
 * @example dockerRmCommand({ container: "web", force: true }) // "docker rm -f web"
 */
export function dockerRmCommand(options: { container: string; force?: boolean; volumes?: boolean }): string {
  return dockerCommand(["rm", options.force === true && "-f", options.volumes === true && "-v", options.container]);
}

/**
 * `docker logs [-f] [-t] [--tail N] CONTAINER`; `tail` "all" is the CLI's default and not shown.
 *
 * @example dockerLogsCommand({ container: "web", follow: true, tail: 100 }) // "docker logs -f --tail 100 web"
 */
export function dockerLogsCommand(options: { container: string; tail?: number | "all"; timestamps?: boolean; follow?: boolean }): string {
  const tail = options.tail === undefined || options.tail === "all" ? [] : ["--tail", String(options.tail)];
  return dockerCommand(["logs", options.follow === true && "-f", options.timestamps === true && "-t", ...tail, options.container]);
}

/** `docker diff CONTAINER`. */
export function dockerDiffCommand(options: { container: string }): string {
  return dockerCommand(["diff", options.container]);
}

/**
 * `docker stats [--no-stream] CONTAINER`: `noStream` prints one sample and exits, as a snapshot of
 * what the page streams.
 *
 * @example dockerStatsCommand({ container: "web", noStream: true }) // "docker stats --no-stream web"
 */
export function dockerStatsCommand(options: { container: string; noStream?: boolean }): string {
  return dockerCommand(["stats", options.noStream === true && "--no-stream", options.container]);
}

/** `docker container inspect CONTAINER` (plain `docker inspect` also matches images of that name). */
export function dockerContainerInspectCommand(options: { container: string }): string {
  return dockerCommand(["container", "inspect", options.container]);
}

/** What `docker run` / `docker create` takes, in the CLI's own syntax (see lib/containers/launch.ts). */
export type RunCommandOptions = {
  image: string;
  name?: string;
  cmd?: readonly string[];
  entrypoint?: readonly string[];
  env?: readonly string[];
  ports?: readonly string[];
  volumes?: readonly string[];
  workingDir?: string;
  user?: string;
  restartPolicy?: string;
  autoRemove?: boolean;
  labels?: Readonly<Record<string, string>>;
  tty?: boolean;
  interactive?: boolean;
  start?: boolean;
};

/**
 * `docker run -d ...` (or `docker create ...` when not started). The CLI's `--entrypoint` takes one
 * word, so a longer override puts its other words before the command: the process that runs is
 * the same. An empty override is `--entrypoint ''`, which clears the image's.
 *
 * @example dockerRunCommand({ image: "seed/entry:1", name: "demo", env: ["GREETING=hi"], cmd: ["--verbose"] })
 * // "docker run -d --name demo -e GREETING=hi seed/entry:1 --verbose"
 */
export function dockerRunCommand(options: RunCommandOptions): string {
  const start = options.start !== false;
  const [entrypoint, ...entrypointRest] = options.entrypoint ?? [];
  return dockerCommand([
    ...(start ? ["run", "-d"] : ["create"]),
    ...(options.name ? ["--name", options.name] : []),
    interactiveFlags(options),
    options.autoRemove === true && "--rm",
    ...(options.restartPolicy && options.restartPolicy !== "no" ? ["--restart", options.restartPolicy] : []),
    ...(options.env ?? []).flatMap((entry) => ["-e", entry]),
    ...(options.ports ?? []).flatMap((port) => ["-p", port]),
    ...(options.volumes ?? []).flatMap((volume) => ["-v", volume]),
    ...(options.workingDir ? ["-w", options.workingDir] : []),
    ...(options.user ? ["-u", options.user] : []),
    ...Object.entries(options.labels ?? {}).flatMap(([key, value]) => ["-l", `${key}=${value}`]),
    ...(options.entrypoint ? ["--entrypoint", entrypoint ?? ""] : []),
    options.image,
    ...entrypointRest,
    ...(options.cmd ?? []),
  ]);
}

/**
 * `docker ps -a [-s]`: every container, running or stopped; `-s` adds the writable layer's size.
 *
 * @example dockerPsCommand({ sizes: true }) // "docker ps -a -s"
 */
export function dockerPsCommand(options: { sizes?: boolean } = {}): string {
  return dockerCommand(["ps", "-a", options.sizes === true && "-s"]);
}

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

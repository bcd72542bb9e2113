// An image's history records each step's CreatedBy as the builder saw it, not as the Dockerfile
// said it. The classic builder wraps metadata steps in `<shell> #(nop) ` and shell-form RUN steps
// in the shell invocation itself; BuildKit writes the keyword first and tags layer-creating steps
// with ` # buildkit`. Both prefix RUN with `|N NAME=value...` when build args were in scope.

const KEYWORDS = [
  "RUN",
  "CMD",
  "WORKDIR",
  "ENV",
  "COPY",
  "ADD",
  "LABEL",
  "EXPOSE",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "HEALTHCHECK",
  "ONBUILD",
  "SHELL",
  "STOPSIGNAL",
  "ARG",
  "MAINTAINER",
] as const;

/**
 * A Dockerfile keyword, upper-case.
 *
 * @example const keyword: DockerfileKeyword = "WORKDIR";
 */
export type DockerfileKeyword = (typeof KEYWORDS)[number];

/**
 * A history step read back as a Dockerfile instruction. `keyword` is "IMPORT" for a step with no
 * CreatedBy (`docker import`, or `docker commit` without a change) and "UNKNOWN" when the text is
 * not a recognisable builder form. `buildArgs` is present only when the step recorded build args.
 *
 * @example const step: CreatedByDescription = { keyword: "RUN", instruction: "RUN make", buildArgs: ["A=1"] };
 */
export type CreatedByDescription = {
  keyword: DockerfileKeyword | "IMPORT" | "UNKNOWN";
  instruction: string;
  buildArgs?: string[];
};

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

// The shells a RUN step can have been wrapped in: the defaults (`/bin/sh -c`, `cmd /S /C`) and
// whatever a SHELL instruction set, e.g. `/bin/bash -o pipefail -c` or `powershell -Command`.
const POSIX_SHELL_PREFIX = /^(?:\S*\/)?(?:ba|da|k|z|a)?sh(?:\s+\S+)*?\s+-[A-Za-z]*c\s+/;
const CMD_SHELL_PREFIX = /^cmd(?:\.exe)?(?:\s+\/[A-Za-z])*?\s+\/C\s+/i;
const POWERSHELL_PREFIX = /^(?:powershell|pwsh)(?:\.exe)?(?:\s+\S+)*?\s+-(?:Command|c)\s+/i;

const NOP = "#(nop)";
const BUILDKIT_SUFFIX = /\s+# buildkit$/;

/**
 * Turns a history step's CreatedBy into the Dockerfile instruction that produced it, as a reader
 * of `docker history` would want to see it.
 *
 * @example describeCreatedBy("/bin/sh -c #(nop)  CMD [\"sh\"]") // { keyword: "CMD", instruction: "CMD [\"sh\"]" }
 * @example describeCreatedBy("RUN |1 V=2 /bin/sh -c make # buildkit")
 * // { keyword: "RUN", instruction: "RUN make", buildArgs: ["V=2"] }
 * @example describeCreatedBy("") // { keyword: "IMPORT", instruction: "" }
 */
export function describeCreatedBy(createdBy: string): CreatedByDescription {
  const text = createdBy.trim();
  if (text === "") return { keyword: "IMPORT", instruction: "" };
  const body = text.replace(BUILDKIT_SUFFIX, "");

  const keyword = leadingKeyword(body);
  if (keyword !== undefined) {
    // BuildKit form: the keyword comes first and only RUN needs unwrapping.
    if (keyword !== "RUN") return { keyword, instruction: body };
    return describeRun(body.slice("RUN".length).trim(), true) ?? { keyword, instruction: body };
  }

  // Classic form: metadata steps are `<shell> #(nop) <instruction>`.
  const command = stripShell(body);
  if (command !== undefined && command.startsWith(NOP)) {
    const instruction = command.slice(NOP.length).trim();
    const nopKeyword = leadingKeyword(instruction);
    if (nopKeyword === "HEALTHCHECK") return { keyword: nopKeyword, instruction: readableHealthcheck(instruction) };
    return nopKeyword === undefined ? unknown(text) : { keyword: nopKeyword, instruction };
  }
  // A shell wrapper or a build-args prefix can only come from RUN; anything else (an exec-form RUN
  // from the classic builder included) is indistinguishable from arbitrary text.
  return describeRun(body, false) ?? unknown(text);
}

const GO_HEALTHCHECK = /^HEALTHCHECK &\{\[(.*)\] "([^"]*)" "([^"]*)" "([^"]*)"(?: "[^"]*")? (\S+)\}$/;

/**
 * The classic builder records HEALTHCHECK as Go's `%v` of its config struct
 * (`&{["CMD" "true"] "30s" "3s" "0s" '\x00'}`); this writes it back as the Dockerfile line. Text
 * in any other shape is returned as recorded.
 */
function readableHealthcheck(instruction: string): string {
  const match = GO_HEALTHCHECK.exec(instruction);
  if (!match) return instruction;
  const [, testList, interval, timeout, startPeriod, retries] = match;
  const test = [...testList!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((part) => part[1]!.replace(/\\(.)/g, "$1"));
  if (test[0] === "NONE") return "HEALTHCHECK NONE";
  const options = [
    interval !== "0s" ? `--interval=${interval}` : "",
    timeout !== "0s" ? `--timeout=${timeout}` : "",
    startPeriod !== "0s" ? `--start-period=${startPeriod}` : "",
    retryCount(retries!) > 0 ? `--retries=${retryCount(retries!)}` : "",
  ].filter(Boolean);
  const command =
    test[0] === "CMD-SHELL"
      ? `CMD ${test.slice(1).join(" ")}`
      : `CMD [${test
          .slice(1)
          .map((arg) => JSON.stringify(arg))
          .join(", ")}]`;
  return ["HEALTHCHECK", ...options, command].join(" ");
}

/** Go's `%q` prints the retries int as a rune: `'\x03'`; other builders print plain digits. */
function retryCount(text: string): number {
  const rune = /^'\\x([0-9a-f]{2})'$/.exec(text);
  if (rune) return parseInt(rune[1]!, 16);
  return /^\d+$/.test(text) ? Number(text) : 0;
}

/** `argv` is what follows the RUN keyword (or the whole classic CreatedBy). */
function describeRun(argv: string, isKnownRun: boolean): CreatedByDescription | undefined {
  const { buildArgs, rest } = splitBuildArgs(argv);
  const command = stripShell(rest);
  if (command === undefined && buildArgs === undefined && !isKnownRun) return undefined;
  const run: CreatedByDescription = { keyword: "RUN", instruction: `RUN ${command ?? rest}`.trimEnd() };
  if (buildArgs !== undefined) run.buildArgs = buildArgs;
  return run;
}

/**
 * Splits `|N A=1 B=2 rest` into the N args and the rest. The recorded text joins args with spaces,
 * so a value that itself contained a space cannot be told apart; it is split as written.
 */
function splitBuildArgs(text: string): { buildArgs?: string[]; rest: string } {
  const match = /^\|(\d+)(?:\s+|$)/.exec(text);
  if (match === null) return { rest: text };
  const count = Number(match[1]);
  let rest = text.slice(match[0].length);
  const buildArgs: string[] = [];
  while (buildArgs.length < count) {
    const token = /^(\S+)\s*/.exec(rest);
    if (token === null) break;
    buildArgs.push(token[1] ?? "");
    rest = rest.slice(token[0].length);
  }
  return { buildArgs, rest };
}

/** The command inside a shell wrapper, or undefined when the text has no known wrapper. */
function stripShell(text: string): string | undefined {
  for (const prefix of [POSIX_SHELL_PREFIX, CMD_SHELL_PREFIX, POWERSHELL_PREFIX]) {
    const match = prefix.exec(text);
    if (match !== null) return text.slice(match[0].length).trim();
  }
  return undefined;
}

/** Only upper-case keywords count, so a command such as `env A=1 make` is not mistaken for ENV. */
function leadingKeyword(text: string): DockerfileKeyword | undefined {
  const word = /^([A-Z]+)(?=\s|$)/.exec(text)?.[1];
  return word !== undefined && KEYWORD_SET.has(word) ? (word as DockerfileKeyword) : undefined;
}

function unknown(text: string): CreatedByDescription {
  return { keyword: "UNKNOWN", instruction: text };
}

import { DockerfileParser, From, JSONInstruction, type Instruction } from "dockerfile-ast";
import type { LintFinding, LintRule, LintSeverity } from "@/lib/dockerfile/types";

/** Each rule's hadolint ID (null where hadolint has none) and how serious it is. */
const RULES: Record<LintRule, { hadolint: string | null; severity: LintSeverity }> = {
  "from-missing": { hadolint: null, severity: "error" },
  "maintainer-deprecated": { hadolint: "DL4000", severity: "warning" },
  "from-untagged": { hadolint: "DL3006", severity: "warning" },
  "from-latest": { hadolint: "DL3007", severity: "warning" },
  "run-deletes-earlier-layer": { hadolint: null, severity: "warning" },
  "consecutive-run": { hadolint: "DL3059", severity: "info" },
  "apt-install-recommends": { hadolint: "DL3015", severity: "info" },
  "apt-lists-kept": { hadolint: "DL3009", severity: "info" },
  "apt-upgrade": { hadolint: "DL3005", severity: "warning" },
  "yum-clean-missing": { hadolint: "DL3032", severity: "warning" },
  "add-local-file": { hadolint: "DL3020", severity: "error" },
  "multiple-cmd": { hadolint: "DL4003", severity: "warning" },
  "multiple-entrypoint": { hadolint: "DL4004", severity: "error" },
  "cmd-shell-after-entrypoint": { hadolint: null, severity: "warning" },
  "copy-all-before-install": { hadolint: null, severity: "info" },
  "workdir-relative": { hadolint: "DL3000", severity: "error" },
  "user-missing": { hadolint: null, severity: "info" },
  "user-root": { hadolint: "DL3002", severity: "warning" },
  "expose-invalid-port": { hadolint: "DL3011", severity: "error" },
};

/** One build stage: its FROM (null for instructions before the first FROM) and what follows it. */
type Stage = { from: From | null; instructions: Instruction[] };

/** A RUN's command line: the shell text, or the exec form's words joined. */
function commandText(instruction: Instruction): string {
  if (instruction instanceof JSONInstruction) {
    const strings = instruction.getJSONStrings();
    if (strings.length > 0) return strings.map((value) => value.getJSONValue()).join(" ");
  }
  return instruction.getArgumentsContent() ?? "";
}

/** Whether an instruction is in exec (JSON array) form. */
function isExecForm(instruction: Instruction): boolean {
  return instruction instanceof JSONInstruction && instruction.getOpeningBracket() !== null;
}

/** The simple commands of a shell line, split at `&&`, `||`, `;`, `|` and newlines, as words. */
function simpleCommands(text: string): string[][] {
  return text
    .split(/&&|\|\||;|\||\n/)
    .map((command) => command.trim().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
}

/** The words after a program name, wherever it is invoked in the command (after sudo, env, …). */
function invocations(text: string, program: RegExp): string[][] {
  return simpleCommands(text).flatMap((words) => {
    const at = words.findIndex((word) => program.test(word.replace(/^.*\//, "")));
    return at === -1 ? [] : [words.slice(at + 1)];
  });
}

function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  let current: Stage = { from: null, instructions: [] };
  for (const instruction of instructions) {
    if (instruction instanceof From) {
      if (current.from || current.instructions.length > 0) stages.push(current);
      current = { from: instruction, instructions: [] };
    } else current.instructions.push(instruction);
  }
  stages.push(current);
  return stages;
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;
const DEPENDENCY_INSTALL =
  /\b(npm (ci|install|i)\b|yarn( install)?\b|pnpm (install|i)\b|pip3? install|poetry install|bundle install|go mod download|composer install|mvn |gradle |cargo (build|fetch))/;

/**
 * Lints a Dockerfile: parses it with dockerfile-ast and reports the practices the background
 * articles teach (one layer per instruction, a deleted file still weighs in the layer that wrote
 * it, cache order) plus the usual hadolint checks, each with its hadolint ID where one exists.
 * Findings are sorted by line; `line` is always 1-based.
 *
 * @example lintDockerfile("MAINTAINER me\nFROM busybox\n")[0] // { rule: "maintainer-deprecated", hadolint: "DL4000", line: 1, ... }
 */
export function lintDockerfile(text: string): LintFinding[] {
  const findings: LintFinding[] = [];
  const report = (rule: LintRule, line: number, message: string) => findings.push({ rule, ...RULES[rule], line, message });
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();

  for (const instruction of instructions) {
    if (instruction.getKeyword() === "MAINTAINER") {
      report(
        "maintainer-deprecated",
        lineOf(instruction),
        `MAINTAINER is deprecated: write LABEL maintainer="${instruction.getArgumentsContent() ?? ""}" instead.`,
      );
    }
  }

  const stages = splitStages(instructions);
  const stageNames = new Set(stages.map((stage) => stage.from?.getBuildStage()?.toLowerCase()).filter(Boolean));
  if (!stages.some((stage) => stage.from)) {
    report(
      "from-missing",
      instructions[0] ? lineOf(instructions[0]) : 1,
      "There is no FROM: a Dockerfile starts from a base image (or FROM scratch).",
    );
  }

  stages.forEach((stage, stageIndex) => {
    const last = stageIndex === stages.length - 1;
    if (stage.from) lintFrom(stage.from, stageNames, report);
    lintRuns(stage, last, report);
    lintStartup(stage, report);
    lintCopies(stage, report);
    for (const instruction of stage.instructions) lintSimple(instruction, report);
    if (last && stage.from) lintUser(stage, stage.from, report);
  });

  return findings.sort((a, b) => a.line - b.line);
}

type Report = (rule: LintRule, line: number, message: string) => void;

function lintFrom(from: From, stageNames: Set<string | undefined>, report: Report): void {
  const image = from.getImageName();
  if (!image || image === "scratch" || image.includes("$") || stageNames.has(image.toLowerCase())) return;
  if (from.getImageDigest()) return;
  const tag = from.getImageTag();
  if (tag === null) {
    report(
      "from-untagged",
      lineOf(from),
      `FROM ${image} has no tag, so it means ${image}:latest, which changes under you; name the version (${image}:1.2).`,
    );
  } else if (tag === "latest") {
    report("from-latest", lineOf(from), `FROM ${image}:latest changes under you; name the version you build on.`);
  }
}

function lintRuns(stage: Stage, lastStage: boolean, report: Report): void {
  const earlierRuns: { line: number; text: string }[] = [];
  let previous: Instruction | null = null;
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword !== "RUN") {
      previous = instruction;
      continue;
    }
    const line = lineOf(instruction);
    const text = commandText(instruction);
    if (previous?.getKeyword() === "RUN") {
      report(
        "consecutive-run",
        line,
        `RUN right after the RUN on line ${lineOf(previous)}: each RUN is a layer; chain them with && into one.`,
      );
    }

    for (const args of invocations(text, /^rm$/)) {
      for (const target of args.filter((word) => !word.startsWith("-"))) {
        const path = target.replace(/^["']|["']$/g, "");
        if (path.length < 2) continue;
        const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        const writer = earlierRuns.find((run) => new RegExp(`(^|[\\s=>"'])${escaped}($|[\\s"';&|])`).test(run.text));
        if (writer) {
          report(
            "run-deletes-earlier-layer",
            line,
            `This RUN deletes ${path}, which the RUN on line ${writer.line} created: the file stays in that earlier layer and the image is no smaller. Create and delete it in the same RUN.`,
          );
        }
      }
    }

    const aptGets = invocations(text, /^apt(-get)?$/);
    for (const args of aptGets) {
      if (args.includes("install") && !args.includes("--no-install-recommends") && !/Install-Recommends=(false|0)/.test(args.join(" "))) {
        report("apt-install-recommends", line, "apt-get install without --no-install-recommends pulls in packages you did not ask for.");
      }
      if (args.includes("upgrade") || args.includes("dist-upgrade")) {
        report(
          "apt-upgrade",
          line,
          "apt-get upgrade in a Dockerfile makes the image depend on the day it was built; use a newer base image instead.",
        );
      }
    }
    if (lastStage && aptGets.some((args) => args.includes("update")) && !text.includes("/var/lib/apt/lists")) {
      report(
        "apt-lists-kept",
        line,
        "apt-get update leaves the package lists in this layer; end the same RUN with rm -rf /var/lib/apt/lists/*.",
      );
    }
    const yums = invocations(text, /^(yum|dnf|microdnf)$/);
    if (yums.some((args) => args.includes("install")) && !yums.some((args) => args.includes("clean") && args.includes("all"))) {
      report("yum-clean-missing", line, "yum install leaves its cache in this layer; end the same RUN with yum clean all.");
    }
    earlierRuns.push({ line, text });
    previous = instruction;
  }
}

function lintStartup(stage: Stage, report: Report): void {
  for (const keyword of ["CMD", "ENTRYPOINT"] as const) {
    const all = stage.instructions.filter((instruction) => instruction.getKeyword() === keyword);
    const effective = all.at(-1);
    for (const overridden of all.slice(0, -1)) {
      report(
        keyword === "CMD" ? "multiple-cmd" : "multiple-entrypoint",
        lineOf(overridden),
        `Only the last ${keyword} applies: this one is replaced by the ${keyword} on line ${lineOf(effective!)}.`,
      );
    }
  }
  const entrypoint = stage.instructions.findLast((instruction) => instruction.getKeyword() === "ENTRYPOINT");
  const cmd = stage.instructions.findLast((instruction) => instruction.getKeyword() === "CMD");
  if (entrypoint && cmd && !isExecForm(cmd) && lineOf(cmd) > lineOf(entrypoint)) {
    report(
      "cmd-shell-after-entrypoint",
      lineOf(cmd),
      `CMD in shell form after an ENTRYPOINT becomes the arguments "/bin/sh -c ${cmd.getArgumentsContent() ?? ""}" to it, not separate arguments; write CMD ["arg", ...].`,
    );
  }
}

function lintCopies(stage: Stage, report: Report): void {
  const copyAll = stage.instructions.find(
    (instruction) =>
      instruction.getKeyword() === "COPY" &&
      (() => {
        const words = instruction.getArguments().map((argument) => argument.getValue());
        const sources = words.filter((word) => !word.startsWith("--")).slice(0, -1);
        return sources.some((source) => source === "." || source === "./");
      })(),
  );
  if (!copyAll) return;
  const install = stage.instructions.find(
    (instruction) =>
      instruction.getKeyword() === "RUN" && lineOf(instruction) > lineOf(copyAll) && DEPENDENCY_INSTALL.test(commandText(instruction)),
  );
  if (install) {
    report(
      "copy-all-before-install",
      lineOf(copyAll),
      `COPY . copies all sources before the dependency install on line ${lineOf(install)}: any source change rebuilds the install. Copy the dependency manifest first, install, then COPY the rest.`,
    );
  }
}

function lintSimple(instruction: Instruction, report: Report): void {
  const keyword = instruction.getKeyword();
  const line = lineOf(instruction);
  if (keyword === "ADD") {
    const words = instruction.getArguments().map((argument) => argument.getValue());
    if (words.some((word) => word.startsWith("--checksum") || word.startsWith("--keep-git-dir"))) return;
    const sources = (
      isExecForm(instruction) ? (instruction as JSONInstruction).getJSONStrings().map((value) => value.getJSONValue()) : words
    )
      .filter((word) => !word.startsWith("--"))
      .slice(0, -1);
    if (
      sources.length > 0 &&
      sources.every((source) => !/^[a-z]+:\/\//i.test(source) && !source.startsWith("git@") && !ARCHIVE.test(source))
    ) {
      report("add-local-file", line, `ADD ${sources.join(" ")}: use COPY for local files; ADD is for URLs and tar archives it unpacks.`);
    }
  } else if (keyword === "WORKDIR") {
    const path = (instruction.getArgumentsContent() ?? "").trim().replace(/^["']|["']$/g, "");
    if (path && !path.startsWith("/") && !path.startsWith("$") && !/^[a-z]:[\\/]/i.test(path)) {
      report("workdir-relative", line, `WORKDIR ${path} is relative to the previous WORKDIR; use an absolute path.`);
    }
  } else if (keyword === "EXPOSE") {
    for (const argument of instruction.getArguments()) {
      const value = argument.getValue();
      if (value.includes("$")) continue;
      const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(value);
      const ports = match ? [match[1], match[2]].filter((port): port is string => port !== undefined).map(Number) : [];
      if (!match || ports.some((port) => port > 65535) || (ports.length === 2 && ports[0]! > ports[1]!)) {
        report("expose-invalid-port", line, `EXPOSE ${value} is not a port: use 0–65535, optionally with /tcp, /udp or /sctp.`);
      }
    }
  }
}

function lintUser(stage: Stage, from: From, report: Report): void {
  const user = stage.instructions.findLast((instruction) => instruction.getKeyword() === "USER");
  if (!user) {
    report("user-missing", lineOf(from), "No USER: the container runs as root. Add a USER with an unprivileged account.");
    return;
  }
  const name = (user.getArgumentsContent() ?? "").trim().split(":")[0];
  if (name === "root" || name === "0") {
    report("user-root", lineOf(user), "The last USER is root: the container runs as root. Switch to an unprivileged user at the end.");
  }
}

import { normalizeContextPath, type ContextHashes } from "@/lib/builds/context-hashes";
import type { CacheMiss, StoredBuildStep } from "@/lib/builds/types";

/** What the explanation compares with: the previous build of the same tag (or Dockerfile path). */
export type PreviousBuild = {
  id: string;
  steps: Pick<StoredBuildStep, "index" | "instruction" | "imageId">[];
  contextHashes: ContextHashes | null;
  buildArgs: Record<string, string>;
};

/** A changed-files list names at most this many files. */
const MAX_FILES_NAMED = 20;

const keyword = (instruction: string) => instruction.trimStart().split(/\s+/, 1)[0]!.toUpperCase();

/**
 * The context paths a COPY or ADD copies, as written (null for a copy from another stage or
 * image, or an ADD of a URL: those are not context files). Handles the JSON form and flags.
 *
 * @example copySources('COPY --chown=1:1 a.txt dir/ /app/') // ["a.txt", "dir/"]
 */
export function copySources(instruction: string): string[] | null {
  const word = keyword(instruction);
  if (word !== "COPY" && word !== "ADD") return null;
  let rest = instruction.trimStart().slice(word.length).trim();
  const flags: string[] = [];
  while (rest.startsWith("--")) {
    const space = rest.search(/\s/);
    if (space === -1) return null;
    flags.push(rest.slice(0, space));
    rest = rest.slice(space).trim();
  }
  if (flags.some((flag) => flag.startsWith("--from"))) return null;
  let parts: string[];
  if (rest.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) return null;
      parts = parsed as string[];
    } catch {
      parts = rest.split(/\s+/);
    }
  } else {
    parts = rest.split(/\s+/);
  }
  const sources = parts.slice(0, -1).filter((part) => part !== "");
  if (word === "ADD" && sources.some((source) => /^[a-z]+:\/\//i.test(source))) return null;
  return sources;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|\\]/g, "\\$&");
}

/**
 * A matcher for one COPY source over context paths, with Docker's rules: `*`, `?` and `[…]`
 * match within a path segment (Go's filepath.Match), a source naming a directory copies everything
 * under it, and `.` is the whole context.
 *
 * @example sourceMatcher("src/*.go")("src/main.go") // true
 */
export function sourceMatcher(source: string): (path: string) => boolean {
  const normalized = normalizeContextPath(source === "." || source === "./" ? "" : source);
  if (normalized === "" || normalized === ".") return () => true;
  const pattern = normalized
    .split("/")
    .map((segment) => escapeRegExp(segment).replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]").replace(/\[!/g, "[^"))
    .join("/");
  const regex = new RegExp(`^${pattern}(/.*)?$`);
  return (path) => regex.test(path);
}

/**
 * The context files a COPY/ADD reads that differ between two builds: changed, added or removed.
 *
 * @example changedCopiedFiles(["app/"], { "app/a": "1" }, { "app/a": "2" }) // ["app/a"]
 */
export function changedCopiedFiles(sources: string[], previous: ContextHashes, current: ContextHashes): string[] {
  const matchers = sources.map(sourceMatcher);
  const copied = (path: string) => matchers.some((matches) => matches(path));
  const names = new Set([...Object.keys(previous), ...Object.keys(current)].filter(copied));
  return [...names].filter((name) => previous[name] !== current[name]).sort();
}

/**
 * Says why each rebuilt step missed the cache, step by step as the build reports them. The engine
 * reuses a step only when every step above it in its stage was reused, so the first miss of a stage
 * is the one to explain; the steps after it missed because it did. The first miss is compared with
 * the same step of the previous build: its instruction, the files it copies, the build args, the
 * stage's base image. What cannot be known (the engine's cache was pruned) is said as such.
 *
 * @example
 * const explainer = new CacheMissExplainer({ previous, nocache: false, buildArgs: {}, hashes: () => hashes });
 * explainer.explain({ index: 3, instruction: "COPY . /app", cached: false, imageId: "…" }).reason // "files-changed"
 */
export class CacheMissExplainer {
  /** The first step of the current stage that missed. */
  private missedAt: number | null = null;
  /** Whether the current stage's FROM resolved to another image than in the previous build. */
  private baseChanged = false;

  constructor(
    private readonly settings: {
      previous: PreviousBuild | null;
      nocache: boolean;
      buildArgs: Record<string, string>;
      /** The current context's hashes, when known (they are complete once the engine has the context). */
      hashes: () => ContextHashes | null;
    },
  ) {}

  explain(step: Pick<StoredBuildStep, "index" | "instruction" | "cached" | "imageId">): CacheMiss | null {
    const { previous, nocache, buildArgs } = this.settings;
    const before = previous?.steps.find((candidate) => candidate.index === step.index);
    if (keyword(step.instruction) === "FROM") {
      // A new stage: its cache depends on its own base only.
      this.missedAt = null;
      this.baseChanged = Boolean(
        before && keyword(before.instruction) === "FROM" && before.imageId && step.imageId && before.imageId !== step.imageId,
      );
      return null;
    }
    if (step.cached) return null;
    if (this.missedAt !== null) {
      return {
        reason: "step-above",
        step: this.missedAt,
        message: `Step ${this.missedAt} above was rebuilt, so every later step of its stage is rebuilt too.`,
      };
    }
    this.missedAt = step.index;
    if (nocache) return { reason: "no-cache", message: "The build asked for no cache (--no-cache)." };
    if (!previous) {
      return {
        reason: "first-build",
        message: "No earlier build of this tag or Dockerfile to compare with, and the engine had no cached layer for this step.",
      };
    }
    if (!before) return { reason: "new-step", message: `The previous build had no step ${step.index}: this step is new.` };
    if (before.instruction !== step.instruction) {
      return {
        reason: "instruction-changed",
        previousInstruction: before.instruction,
        message: `The instruction changed from the previous build (it was "${before.instruction}").`,
      };
    }
    if (this.baseChanged)
      return { reason: "base-image-changed", message: "The stage's base image (its FROM) is another image than in the previous build." };
    if (!before.imageId) {
      return {
        reason: "not-built-before",
        message: "The previous build did not get past this step, so the engine had nothing cached for it.",
      };
    }
    const sources = copySources(step.instruction);
    if (sources) {
      const current = this.settings.hashes();
      if (current && previous.contextHashes) {
        const files = changedCopiedFiles(sources, previous.contextHashes, current);
        if (files.length > 0) {
          const named = files.slice(0, MAX_FILES_NAMED);
          const more = files.length - named.length;
          return {
            reason: "files-changed",
            files: named,
            message: `Files it copies changed since the previous build: ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`,
          };
        }
      } else {
        return { reason: "unknown", message: "The files it copies may have changed: the context's files were not hashed for both builds." };
      }
    }
    const changedArgs = [...new Set([...Object.keys(buildArgs), ...Object.keys(previous.buildArgs)])].filter(
      (key) => buildArgs[key] !== previous.buildArgs[key],
    );
    if (changedArgs.length > 0 && keyword(step.instruction) === "RUN") {
      return {
        reason: "build-args-changed",
        message: `Build args changed since the previous build (${changedArgs.sort().join(", ")}); a RUN sees them, so its cache key changed.`,
      };
    }
    return {
      reason: "unknown",
      message:
        "The instruction and its inputs match the previous build; the engine's cache no longer had the layer (pruned, or built on another engine).",
    };
  }
}

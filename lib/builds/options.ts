import type { BuildQuery } from "@/lib/builds/types";
import { renderCommand } from "@/lib/cli/command";
import type { EngineBuildOptions } from "@/lib/docker/builds";
import { BadRequestError } from "@/lib/errors";
import { familiarString, parseReference } from "@/lib/reference/reference";

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function keyValues(values: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf("=");
    record[value.slice(0, at)] = value.slice(at + 1);
  }
  return record;
}

/**
 * The build's options from the query, checked before the engine sees anything: each tag against
 * the reference grammar (a 400 naming the bad one), build args and labels into records (a key
 * given twice keeps its last value, as the docker CLI does).
 *
 * @example buildOptionsOf({ tag: "team/app:1", buildarg: ["V=2"] }).buildArgs // { V: "2" }
 */
export function buildOptionsOf(query: BuildQuery): EngineBuildOptions {
  const tags = list(query.tag).map((tag) => {
    let reference;
    try {
      reference = parseReference(tag);
    } catch (error) {
      throw new BadRequestError("build", `Invalid tag "${tag}": ${(error as Error).message}`, { cause: error });
    }
    if (reference.digest !== undefined) throw new BadRequestError("build", `Invalid tag "${tag}": a build cannot be tagged with a digest.`);
    return familiarString(reference);
  });
  return {
    tags,
    buildArgs: keyValues(list(query.buildarg)),
    labels: keyValues(list(query.label)),
    target: query.target,
    dockerfile: query.dockerfile,
    nocache: query.nocache ?? false,
    pull: query.pull ?? false,
    memory: query.memory,
    cpushares: query.cpushares,
    cpusetcpus: query.cpusetcpus,
  };
}

/**
 * The `docker build` line with the same effect. The context is `.` (the folder with the Dockerfile
 * and its files), `-` for an uploaded archive read from stdin, or the URL the engine fetches.
 *
 * @example dockerBuildCommand({ ...options, tags: ["app:1"], buildArgs: { V: "2" } }, ".") // "docker build -t app:1 --build-arg V=2 ."
 */
export function dockerBuildCommand(options: EngineBuildOptions, context: string): string {
  return renderCommand([
    "docker",
    "build",
    ...options.tags.flatMap((tag) => ["-t", tag]),
    ...Object.entries(options.buildArgs).flatMap(([key, value]) => ["--build-arg", `${key}=${value}`]),
    ...Object.entries(options.labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]),
    ...(options.target ? ["--target", options.target] : []),
    ...(options.dockerfile ? ["-f", options.dockerfile] : []),
    ...(options.nocache ? ["--no-cache"] : []),
    ...(options.pull ? ["--pull"] : []),
    ...(options.memory !== undefined ? ["--memory", String(options.memory)] : []),
    ...(options.cpushares !== undefined ? ["--cpu-shares", String(options.cpushares)] : []),
    ...(options.cpusetcpus ? ["--cpuset-cpus", options.cpusetcpus] : []),
    context,
  ]);
}

import { z } from "zod";
import { grammar, optionalText, splitLines } from "@/app/_lib/forms";
import type { BuildQueryInput } from "@/app/_lib/api-client";
import { buildOptionsOf, dockerBuildCommand } from "@/lib/builds/options";
import { buildQuerySchema } from "@/lib/builds/schemas";
import type { BuildQuery } from "@/lib/builds/types";

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * A memory size as `docker build --memory` takes it (`512m`, `1g`, `6291456`) → bytes.
 *
 * @example parseMemorySize("512m") // 536870912
 * @example parseMemorySize("lots") // null
 */
export function parseMemorySize(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(text.trim());
  if (!match) return null;
  return Math.round(Number(match[1]) * (SIZE_UNITS[(match[2] ?? "").toLowerCase()] ?? 1));
}

/**
 * A text input read by `read`, then checked with one of the route's query schemas (whose input
 * type is `unknown`, so it cannot sit in a `.pipe`): its first problem becomes the field's.
 */
function readThen<T>(read: (text: string) => unknown, schema: z.ZodType<T>) {
  return z.string().transform((text, context): T => {
    const parsed = schema.safeParse(read(text));
    if (parsed.success) return parsed.data;
    context.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "invalid value" });
    return z.NEVER;
  });
}

/** Tags typed one per line or separated by spaces or commas. */
function words(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/**
 * The options form: what its inputs hold, read into the query of `POST /api/builds` and checked
 * with the route's own schema (tags also against the reference grammar the server applies).
 */
export const buildFormSchema = z.object({
  tags: z
    .string()
    .transform(words)
    .pipe(z.array(z.string()).max(20, "at most 20 tags"))
    .superRefine((tags, context) => {
      for (const tag of tags) grammar((value: string) => buildOptionsOf({ tag: value }))(tag, context);
    }),
  buildArgs: readThen(splitLines, buildQuerySchema.shape.buildarg),
  labels: readThen(splitLines, buildQuerySchema.shape.label),
  target: optionalText(buildQuerySchema.shape.target),
  dockerfile: optionalText(buildQuerySchema.shape.dockerfile),
  nocache: z.boolean(),
  pull: z.boolean(),
  // A size the server's schema cannot read as bytes ("lots") gets its "memory is a number of bytes".
  memory: readThen((text) => (text.trim() === "" ? undefined : (parseMemorySize(text) ?? text.trim())), buildQuerySchema.shape.memory),
  cpushares: readThen((text) => (text.trim() === "" ? undefined : text.trim()), buildQuerySchema.shape.cpushares),
  cpusetcpus: optionalText(buildQuerySchema.shape.cpusetcpus),
});

export type BuildFormInput = z.input<typeof buildFormSchema>;
export type BuildFormValues = z.output<typeof buildFormSchema>;

export const emptyBuildForm: BuildFormInput = {
  tags: "",
  buildArgs: "",
  labels: "",
  target: "",
  dockerfile: "",
  nocache: false,
  pull: false,
  memory: "",
  cpushares: "",
  cpusetcpus: "",
};

/** The form's values as the route's parsed query (what `buildOptionsOf` reads). */
export function buildQueryOf(values: BuildFormValues): BuildQuery {
  return {
    tag: values.tags,
    buildarg: values.buildArgs,
    label: values.labels,
    target: values.target,
    dockerfile: values.dockerfile,
    nocache: values.nocache,
    pull: values.pull,
    memory: values.memory,
    cpushares: values.cpushares,
    cpusetcpus: values.cpusetcpus,
  };
}

/** The same query as the request sends it (flags as "true", left out when off). */
export function requestQueryOf(values: BuildFormValues): BuildQueryInput {
  return {
    ...buildQueryOf(values),
    nocache: values.nocache ? "true" : undefined,
    pull: values.pull ? "true" : undefined,
  };
}

/**
 * The `docker build` line the server will audit for these options: the server's own function,
 * with `.` for a typed Dockerfile and `-` for an uploaded archive or folder (sent as a tar).
 *
 * @example buildCommandOf(values, "typed") // "docker build -t app:1 ."
 */
export function buildCommandOf(values: BuildFormValues, source: "typed" | "archive" | "folder" | "remote", remote = ""): string {
  const context = source === "typed" ? "." : source === "remote" ? remote.trim() || "URL" : "-";
  return dockerBuildCommand(buildOptionsOf(buildQueryOf(values)), context);
}

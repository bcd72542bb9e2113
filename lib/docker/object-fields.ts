import { z } from "zod";

// The engine applies one rule to the names of volumes and networks, and one to labels and driver
// names, so both features take their request fields from here.

/** The engine's rule for volume and network names (`docker volume create` and `docker network create` refuse anything else). */
export const ENGINE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** A volume or network name as `docker volume create` / `docker network create` accept it. */
export const engineNameSchema = z
  .string({ error: "name is required" })
  .max(255, "name must be at most 255 characters")
  .regex(ENGINE_NAME_PATTERN, "name must be 2 or more of letters, digits, _ . - and start with a letter or digit");

/**
 * `--driver NAME`: a plugin name may carry a registry path and a tag.
 *
 * @example driverNameSchema("volume", "local").parse("local")
 */
export function driverNameSchema(kind: "volume" | "network", example: string) {
  return z
    .string()
    .max(128)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_./:-]*$/, `driver must be a ${kind} driver name such as ${example}`);
}

/** `--label key=value`: keys are non-empty and hold no `=`, no whitespace. */
export const labelsSchema = z
  .record(
    z
      .string()
      .min(1, "a label key must not be empty")
      .max(255)
      .regex(/^[^=\s]+$/, "a label key holds no = and no whitespace"),
    z.string().max(4096),
  )
  .refine((labels) => Object.keys(labels).length <= 64, "at most 64 labels");

/** `--label key=value` for each label, in the labels' order. */
export function labelFlags(labels: Record<string, string> | undefined): string[] {
  return Object.entries(labels ?? {}).flatMap(([key, value]) => ["--label", `${key}=${value}`]);
}

/**
 * `key=value` lines of a form's labels box as the labels object the API takes; the value may hold
 * `=` and be empty. A line without `=` is kept as a key with an empty value, as `--label key` does.
 *
 * @example labelsFromLines(["team=db", "note=a=b"]) // { team: "db", note: "a=b" }
 */
export function labelsFromLines(lines: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf("=");
    if (at === -1) labels[line.trim()] = "";
    else labels[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return labels;
}

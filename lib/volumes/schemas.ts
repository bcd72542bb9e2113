import { z } from "zod";

// Requests

/** The engine's own rule for local volume names (`docker volume create` refuses anything else). */
export const VOLUME_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export const volumeNameSchema = z
  .string({ error: "name is required" })
  .max(255, "name must be at most 255 characters")
  .regex(VOLUME_NAME_PATTERN, "name must be 2 or more of letters, digits, _ . - and start with a letter or digit");

/** `{name}` in a path. */
export const volumeParamsSchema = z.object({ name: volumeNameSchema });

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

/** `POST /api/volumes`: without a name the engine names the volume (64 hex digits). */
export const createVolumeBodySchema = z.object({
  name: volumeNameSchema.optional(),
  driver: z
    .string()
    .max(128)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_./:-]*$/, "driver must be a volume driver name such as local")
    .optional(),
  labels: labelsSchema.optional(),
});

// Results

/** A container that mounts a volume. */
export const volumeContainerSchema = z.object({
  id: z.string(),
  name: z.string(),
  running: z.boolean(),
  /** Where the container sees the volume (null when the engine did not say). */
  destination: z.string().nullable(),
});

export const volumeSchema = z.object({
  name: z.string(),
  driver: z.string(),
  /** Where the engine keeps the files on the host. */
  mountpoint: z.string(),
  /** ISO time; null when the driver does not say. */
  createdAt: z.string().nullable(),
  scope: z.string(),
  /** Bytes on disk (local volumes, from `docker system df`); null where unknown. */
  size: z.number().nullable(),
  labels: z.record(z.string(), z.string()),
  /** Named by the engine (a container's VOLUME, or a create without a name) rather than by a person. */
  anonymous: z.boolean(),
  containers: z.array(volumeContainerSchema),
});

export const volumeListSchema = z.object({
  volumes: z.array(volumeSchema),
  /** Why no size is known, when the engine's disk-usage report failed or took too long; else null. */
  sizeError: z.string().nullable(),
});

export const volumeDetailSchema = volumeSchema.extend({
  options: z.record(z.string(), z.string()),
  /** What the engine answered, as it came. */
  raw: z.record(z.string(), z.unknown()),
});

export const createdVolumeSchema = z.object({ volume: volumeSchema, command: z.string() });

export const removedVolumeSchema = z.object({ name: z.string(), command: z.string() });

/** The 409 of `DELETE /api/volumes/{name}` while containers use the volume. */
export const volumeInUseSchema = z.object({
  error: z.string(),
  code: z.literal("conflict:volume"),
  containers: z.array(z.object({ id: z.string(), name: z.string() })),
});

import { z } from "zod";
import { driverNameSchema, engineNameSchema, labelsSchema } from "@/lib/docker/object-fields";

// Requests

/** `{name}` in a path. */
export const volumeParamsSchema = z.object({ name: engineNameSchema });

/** `POST /api/volumes`: without a name the engine names the volume (64 hex digits). */
export const createVolumeBodySchema = z.object({
  name: engineNameSchema.optional(),
  driver: driverNameSchema("volume", "local").optional(),
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

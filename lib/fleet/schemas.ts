import { z } from "zod";

// Requests

/** `GET /api/fleet/images` and the fleet page read the same query. */
export const fleetImagesQuerySchema = z.object({
  /** Keep images whose tag, digest or ID contains this text. */
  q: z.string().max(256).optional(),
});

/** `POST /api/images/{ref}/copy?engine=<from>`: the engine the image goes to. */
export const copyImageBodySchema = z.object({
  to: z.string({ error: "to is required: the ID of the engine to copy the image to" }).min(1, "to must not be empty").max(128),
});

// Answers

export const fleetEngineSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  kind: z.enum(["docker", "podman"]),
  /** The engine DOCKER_HOST names (id "default"). */
  default: z.boolean(),
  state: z.enum(["up", "down"]),
  /** Why a down engine could not be read. */
  error: z.string().optional(),
  /** How many images it holds (an up engine). */
  images: z.number().optional(),
});

/** One engine that holds an image: how it is known there and what runs it. */
export const fleetHolderSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Containers made from the image there, running or not. */
  containers: z.number(),
  running: z.number(),
  size: z.number(),
  /** The image's tags on that engine (a copy by ID has none). */
  repoTags: z.array(z.string()),
});

/** A tag of the image that names another image on an engine that lacks this one: that engine is stale. */
export const fleetStaleTagSchema = z.object({
  engine: z.string(),
  engineName: z.string(),
  tag: z.string(),
  /** The image the tag names there. */
  imageId: z.string(),
});

export const fleetImageSchema = z.object({
  id: z.string(),
  /** Tags across every engine that holds it, in Docker's familiar form. */
  repoTags: z.array(z.string()),
  repoDigests: z.array(z.string()),
  /** Unix seconds. */
  created: z.number(),
  engines: z.array(fleetHolderSchema),
  stale: z.array(fleetStaleTagSchema),
});

/** A repo digest and the engines whose images carry it: one content, maybe several local IDs. */
export const fleetDigestSchema = z.object({
  digest: z.string(),
  engines: z.array(z.object({ id: z.string(), name: z.string(), imageId: z.string() })),
});

export const fleetImagesSchema = z.object({
  engines: z.array(fleetEngineSchema),
  images: z.array(fleetImageSchema),
  digests: z.array(fleetDigestSchema),
});

export const copiedImageSchema = z.object({
  /** The image ID, the same on both engines. */
  id: z.string(),
  /** The engine it was copied to. */
  to: z.string(),
  /** Bytes of the archive that went from one engine to the other. */
  bytes: z.number(),
  /** What the target engine says it loaded (tags, or the ID of an untagged image). */
  loaded: z.array(z.string()),
});

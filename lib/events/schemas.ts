import { z } from "zod";

/**
 * The id of the engine at DOCKER_HOST (the same as lib/engines/schemas DEFAULT_ENGINE_ID, kept
 * here for browser code that reads events); the subscriptions are kept per engine id.
 */
export const DEFAULT_ENGINE_ID = "default";

export const engineIdSchema = z.string().min(1).max(64);

/** `GET /api/events?engine=`: absent means the default engine (route() reads it: lib/http/route.ts). */
export const eventsQuerySchema = z.object({
  engine: engineIdSchema.optional().describe("The engine to follow, by id; the default engine when absent."),
});

/** The kinds of engine object whose events reach the browser. */
export const engineObjectTypeSchema = z.enum(["image", "container", "volume", "network"]);

/**
 * Something changed on the engine. `name` is what the engine names: the image reference of a tag
 * or untag (the image ID for an untag on engines before 23), the container's name, the volume's
 * name, the network's name; `container` is the container a network was connected or disconnected.
 */
export const engineObjectEventSchema = z.object({
  type: engineObjectTypeSchema,
  /** The engine's action, as it says it: `tag`, `untag`, `delete`, `create`, `start`, `die`, `health_status: healthy`… */
  action: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  /** When the engine saw it (ISO 8601, to the millisecond). */
  time: z.string(),
  engine: z.string(),
  container: z.string().optional(),
});

/** The dashboard's subscription to an engine's event stream came up or went down (with why). */
export const engineStateEventSchema = z.object({
  type: z.literal("engine-state"),
  action: z.enum(["up", "down"]),
  /** The engine's id (`default`). */
  id: z.string(),
  /** How the engine is reached (its DOCKER_HOST). */
  name: z.string(),
  time: z.string(),
  engine: z.string(),
  /** Why it is down. */
  reason: z.string().optional(),
});

/** One event of `GET /api/events` (the `data:` of a Server-Sent Event). */
export const liveEventSchema = z.discriminatedUnion("type", [
  engineStateEventSchema,
  engineObjectEventSchema.extend({ type: z.literal("image") }),
  engineObjectEventSchema.extend({ type: z.literal("container") }),
  engineObjectEventSchema.extend({ type: z.literal("volume") }),
  engineObjectEventSchema.extend({ type: z.literal("network") }),
]);

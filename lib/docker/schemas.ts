import { z } from "zod";

/** `GET /api/engine`: what the header shows; the same shape, with `reachable: false`, when the engine does not answer. */
export const engineInfoSchema = z.discriminatedUnion("reachable", [
  z.object({
    reachable: z.literal(true),
    /** The DOCKER_HOST the dashboard talks to. */
    dockerHost: z.string(),
    version: z.string(),
    apiVersion: z.string(),
    os: z.string(),
    arch: z.string(),
    kernelVersion: z.string(),
    operatingSystem: z.string(),
    storageDriver: z.string(),
    images: z.number(),
    containers: z.number(),
    containersRunning: z.number(),
  }),
  z.object({ reachable: z.literal(false), dockerHost: z.string(), error: z.string() }),
]);

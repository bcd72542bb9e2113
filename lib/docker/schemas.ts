import { z } from "zod";

/** `GET /api/engine`: what the header shows; the same shape, with `reachable: false`, when the engine does not answer. */
export const engineInfoSchema = z.discriminatedUnion("reachable", [
  z.object({
    reachable: z.literal(true),
    /** How the engine is reached: its DOCKER_HOST, or the host it was added with. */
    dockerHost: z.string(),
    /** The engine's id (`default`: the one at DOCKER_HOST) and name. */
    engineId: z.string().optional(),
    engineName: z.string().optional(),
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
  z.object({
    reachable: z.literal(false),
    dockerHost: z.string(),
    engineId: z.string().optional(),
    engineName: z.string().optional(),
    error: z.string(),
  }),
]);

import type { z } from "zod";
import type {
  copiedImageSchema,
  copyImageBodySchema,
  fleetDigestSchema,
  fleetEngineSchema,
  fleetHolderSchema,
  fleetImageSchema,
  fleetImagesQuerySchema,
  fleetImagesSchema,
  fleetStaleTagSchema,
} from "@/lib/fleet/schemas";

export type FleetImagesQuery = z.infer<typeof fleetImagesQuerySchema>;
export type CopyImageBody = z.infer<typeof copyImageBodySchema>;
export type FleetEngine = z.infer<typeof fleetEngineSchema>;
export type FleetHolder = z.infer<typeof fleetHolderSchema>;
export type FleetStaleTag = z.infer<typeof fleetStaleTagSchema>;
export type FleetImage = z.infer<typeof fleetImageSchema>;
export type FleetDigest = z.infer<typeof fleetDigestSchema>;
export type FleetImages = z.infer<typeof fleetImagesSchema>;
export type CopiedImage = z.infer<typeof copiedImageSchema>;

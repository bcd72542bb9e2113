import type { z } from "zod";
import type {
  createdVolumeSchema,
  createVolumeBodySchema,
  removedVolumeSchema,
  volumeContainerSchema,
  volumeDetailSchema,
  volumeInUseSchema,
  volumeListSchema,
  volumeSchema,
} from "@/lib/volumes/schemas";

export type CreateVolumeRequest = z.output<typeof createVolumeBodySchema>;
export type VolumeContainer = z.infer<typeof volumeContainerSchema>;
export type VolumeView = z.infer<typeof volumeSchema>;
export type VolumeList = z.infer<typeof volumeListSchema>;
export type VolumeDetail = z.infer<typeof volumeDetailSchema>;
export type CreatedVolume = z.infer<typeof createdVolumeSchema>;
export type RemovedVolume = z.infer<typeof removedVolumeSchema>;
export type VolumeInUse = z.infer<typeof volumeInUseSchema>;

import type { z } from "zod";
import type {
  createdNetworkSchema,
  createNetworkBodySchema,
  networkContainerSchema,
  networkDetailSchema,
  networkListSchema,
  networkSchema,
  removedNetworkSchema,
} from "@/lib/networks/schemas";

export type CreateNetworkRequest = z.output<typeof createNetworkBodySchema>;
export type NetworkContainer = z.infer<typeof networkContainerSchema>;
export type NetworkView = z.infer<typeof networkSchema>;
export type NetworkList = z.infer<typeof networkListSchema>;
export type NetworkDetail = z.infer<typeof networkDetailSchema>;
export type CreatedNetwork = z.infer<typeof createdNetworkSchema>;
export type RemovedNetwork = z.infer<typeof removedNetworkSchema>;

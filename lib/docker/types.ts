import type { z } from "zod";
import type { engineInfoSchema } from "@/lib/docker/schemas";

/** Shapes the engine adapter hands to features, where dockerode's own types are not the right fit. */

export type EngineInfo = z.infer<typeof engineInfoSchema>;

/** An image as the list endpoint reports it, already out of the engine's shape. */
export type ListedImage = {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** Unix seconds. */
  created: number;
  size: number;
  /** The image's labels (clean-up keep rules read them); absent where a caller built the value itself. */
  labels?: Record<string, string>;
};

import { z } from "zod";
import { queryFlag as flag } from "@/lib/http/query-flags";

export const removeImageQuerySchema = z.object({
  force: flag.optional(),
  noprune: flag.optional(),
});

export const tagImageBodySchema = z.object({
  repo: z.string({ error: 'repo is required (e.g. "bars/fat")' }).min(1, "repo must not be empty").max(255),
  tag: z.string().max(128).optional(),
});
export type TagImageBody = z.infer<typeof tagImageBodySchema>;

import { z } from "zod";

/**
 * One line of a streamed operation (`Accept: application/x-ndjson`): the engine's progress
 * messages as they come, then either `{"result": ...}` or `{"error", "code", "status"}`.
 */
export const progressLineSchema = z
  .object({
    id: z.string().optional(),
    status: z.union([z.string(), z.number()]).optional(),
    progress: z.string().optional(),
    progressDetail: z.object({ current: z.number().optional(), total: z.number().optional() }).optional(),
    error: z.string().optional(),
    code: z.string().optional(),
    result: z.unknown().optional(),
  })
  .loose();

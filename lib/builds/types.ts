import type { z } from "zod";
import type {
  buildEventSchema,
  buildFailureSchema,
  buildJsonBodySchema,
  buildQuerySchema,
  buildResultSchema,
  buildStepSchema,
} from "@/lib/builds/schemas";

export type BuildQuery = z.infer<typeof buildQuerySchema>;
export type BuildJsonBody = z.infer<typeof buildJsonBodySchema>;
export type BuildStep = z.infer<typeof buildStepSchema>;
export type BuildResult = z.infer<typeof buildResultSchema>;
export type BuildFailure = z.infer<typeof buildFailureSchema>;
export type BuildEvent = z.infer<typeof buildEventSchema>;

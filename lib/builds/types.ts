import type { z } from "zod";
import type {
  buildCancelResultSchema,
  buildDetailSchema,
  buildListQuerySchema,
  buildPageSchema,
  buildSummarySchema,
  cacheMissSchema,
  storedBuildStepSchema,
  BUILD_OUTCOMES,
  BUILD_SOURCES,
  buildEventSchema,
  buildFailureSchema,
  buildJsonBodySchema,
  buildQuerySchema,
  buildRemoteBodySchema,
  buildResultSchema,
  buildStepSchema,
} from "@/lib/builds/schemas";

export type BuildQuery = z.infer<typeof buildQuerySchema>;
export type BuildJsonBody = z.infer<typeof buildJsonBodySchema>;
export type BuildStep = z.infer<typeof buildStepSchema>;
export type BuildResult = z.infer<typeof buildResultSchema>;
export type BuildFailure = z.infer<typeof buildFailureSchema>;
export type BuildEvent = z.infer<typeof buildEventSchema>;
export type CacheMiss = z.infer<typeof cacheMissSchema>;
export type StoredBuildStep = z.infer<typeof storedBuildStepSchema>;
export type BuildOutcome = (typeof BUILD_OUTCOMES)[number];
export type BuildSource = (typeof BUILD_SOURCES)[number];
export type BuildListQuery = z.infer<typeof buildListQuerySchema>;
export type BuildSummary = z.infer<typeof buildSummarySchema>;
export type BuildPage = z.infer<typeof buildPageSchema>;
export type BuildDetail = z.infer<typeof buildDetailSchema>;
export type BuildCancelResult = z.infer<typeof buildCancelResultSchema>;
export type BuildRemoteBody = z.infer<typeof buildRemoteBodySchema>;

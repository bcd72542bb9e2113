import type { z } from "zod";
import type {
  adviceSchema,
  analysedLayerSchema,
  analysisProgressLineSchema,
  analysisQuerySchema,
  analysisStreamLineSchema,
  ciEvaluationSchema,
  ciFailureSchema,
  ciRuleResultSchema,
  compareEntrySchema,
  compareLayerChoiceSchema,
  compareSideSchema,
  compareQuerySchema,
  directoryEntrySchema,
  directoryListingSchema,
  imageComparisonSchema,
  LAYER_FILE_VIEWS,
  layerAnalysisSchema,
  layerFileQuerySchema,
  layerFilesQuerySchema,
  wasteItemSchema,
} from "@/lib/layers/schemas";

export type LayerFileView = (typeof LAYER_FILE_VIEWS)[number];
export type AnalysisQuery = z.infer<typeof analysisQuerySchema>;
export type LayerFilesQuery = z.output<typeof layerFilesQuerySchema>;
export type LayerFileQuery = z.output<typeof layerFileQuerySchema>;
export type CompareQuery = z.output<typeof compareQuerySchema>;

export type AnalysedLayer = z.infer<typeof analysedLayerSchema>;
export type AnalysisWasteItem = z.infer<typeof wasteItemSchema>;
export type AnalysisAdvice = z.infer<typeof adviceSchema>;
export type AnalysisCiFailure = z.infer<typeof ciFailureSchema>;
export type AnalysisCiRuleResult = z.infer<typeof ciRuleResultSchema>;
export type AnalysisCiEvaluation = z.infer<typeof ciEvaluationSchema>;
/** The answer of `GET /api/images/{ref}/analysis`. */
export type LayerAnalysis = z.infer<typeof layerAnalysisSchema>;
export type LayerDirectoryEntry = z.infer<typeof directoryEntrySchema>;
/** The answer of `GET /api/images/{ref}/layers/{index}/files`. */
export type LayerDirectoryListing = z.infer<typeof directoryListingSchema>;
export type CompareEntry = z.infer<typeof compareEntrySchema>;
export type CompareSide = z.infer<typeof compareSideSchema>;
export type CompareLayerChoice = z.infer<typeof compareLayerChoiceSchema>;
/** The answer of `GET /api/images/compare`. */
export type ImageComparison = z.infer<typeof imageComparisonSchema>;
export type AnalysisProgressLine = z.infer<typeof analysisProgressLineSchema>;
export type AnalysisStreamLine = z.infer<typeof analysisStreamLineSchema>;

import type { z } from "zod";
import type {
  alignmentInfoSchema,
  committedImageSchema,
  historyStepSchema,
  IMAGE_FILTERS,
  IMAGE_SORTS,
  imageConfigViewSchema,
  imageDetailSchema,
  imageListQuerySchema,
  imageListSchema,
  imageListTotalsSchema,
  imageSummarySchema,
  importedImageSchema,
  layerSharerSchema,
  layerViewSchema,
  loadedImagesSchema,
  pulledImageSchema,
  pushedImageSchema,
  removedImageSchema,
  taggedImageSchema,
  tagImageBodySchema,
} from "@/lib/images/schemas";

export type ImageFilter = (typeof IMAGE_FILTERS)[number];
export type ImageSort = (typeof IMAGE_SORTS)[number];
export type ImageQuery = z.infer<typeof imageListQuerySchema>;
export type TagImageBody = z.infer<typeof tagImageBodySchema>;

export type ImageSummary = z.infer<typeof imageSummarySchema>;
export type ImageListTotals = z.infer<typeof imageListTotalsSchema>;
export type ImageList = z.infer<typeof imageListSchema>;
export type ImageConfigView = z.infer<typeof imageConfigViewSchema>;
export type HistoryStep = z.infer<typeof historyStepSchema>;
export type LayerSharer = z.infer<typeof layerSharerSchema>;
export type LayerView = z.infer<typeof layerViewSchema>;
export type AlignmentInfo = z.infer<typeof alignmentInfoSchema>;
export type ImageDetail = z.infer<typeof imageDetailSchema>;
export type RemovedImage = z.infer<typeof removedImageSchema>;
export type TaggedImage = z.infer<typeof taggedImageSchema>;
export type PulledImage = z.infer<typeof pulledImageSchema>;
export type PushedImage = z.infer<typeof pushedImageSchema>;
export type ImportedImage = z.infer<typeof importedImageSchema>;
export type LoadedImages = z.infer<typeof loadedImagesSchema>;
export type CommittedImage = z.infer<typeof committedImageSchema>;

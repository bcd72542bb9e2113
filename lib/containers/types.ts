import type { z } from "zod";
import type {
  CONSOLE_END_REASONS,
  consoleRequestSchema,
  consoleStatusSchema,
  openedConsoleSchema,
  CONTAINER_CHANGE_KINDS,
  CONTAINER_FILTERS,
  containerActionResultSchema,
  containerChangeSchema,
  containerChangesSchema,
  containerDetailSchema,
  containerHealthSchema,
  containerListQuerySchema,
  containerListSchema,
  containerPortSchema,
  containerStatsSchema,
  containerSummarySchema,
  imageStartSchema,
  launchedContainerSchema,
  launchPreviewSchema,
  logLineSchema,
  processPreviewSchema,
  removedContainerSchema,
} from "@/lib/containers/schemas";

export type ContainerFilter = (typeof CONTAINER_FILTERS)[number];
export type ContainersQuery = z.output<typeof containerListQuerySchema>;
export type ContainerPort = z.infer<typeof containerPortSchema>;
export type ContainerSummary = z.infer<typeof containerSummarySchema>;
export type ContainerList = z.infer<typeof containerListSchema>;
export type ContainerHealth = z.infer<typeof containerHealthSchema>;
export type ContainerDetail = z.infer<typeof containerDetailSchema>;
export type ContainerChangeKind = (typeof CONTAINER_CHANGE_KINDS)[number];
export type ContainerChange = z.infer<typeof containerChangeSchema>;
export type ContainerChanges = z.infer<typeof containerChangesSchema>;
export type ContainerStats = z.infer<typeof containerStatsSchema>;
export type LogLine = z.infer<typeof logLineSchema>;
export type LaunchedContainer = z.infer<typeof launchedContainerSchema>;
export type ContainerActionResult = z.infer<typeof containerActionResultSchema>;
export type RemovedContainer = z.infer<typeof removedContainerSchema>;
export type ProcessPreview = z.infer<typeof processPreviewSchema>;
export type ImageStart = z.infer<typeof imageStartSchema>;
export type LaunchPreview = z.infer<typeof launchPreviewSchema>;
export type ConsoleRequest = z.input<typeof consoleRequestSchema>;
export type EndReason = (typeof CONSOLE_END_REASONS)[number];
export type OpenedConsole = z.infer<typeof openedConsoleSchema>;
export type ConsoleStatus = z.infer<typeof consoleStatusSchema>;

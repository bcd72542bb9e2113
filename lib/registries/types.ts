import type { z } from "zod";
import type {
  createRegistryBodySchema,
  deletedRepositoryTagSchema,
  registryListSchema,
  registryLoginResultSchema,
  registryViewSchema,
  removedRegistrySchema,
  repositoryListSchema,
  repositoryQuerySchema,
  repositoryTagQuerySchema,
  repositoryTagsSchema,
  updateRegistryBodySchema,
} from "@/lib/registries/schemas";

export type CreateRegistryBody = z.infer<typeof createRegistryBodySchema>;
export type UpdateRegistryBody = z.infer<typeof updateRegistryBodySchema>;
export type RepositoryQuery = z.infer<typeof repositoryQuerySchema>;
export type RepositoryTagQuery = z.infer<typeof repositoryTagQuerySchema>;

export type RegistryView = z.infer<typeof registryViewSchema>;
export type RegistryList = z.infer<typeof registryListSchema>;
export type RemovedRegistry = z.infer<typeof removedRegistrySchema>;
export type RegistryLoginResult = z.infer<typeof registryLoginResultSchema>;
export type RepositoryList = z.infer<typeof repositoryListSchema>;
export type RepositoryTags = z.infer<typeof repositoryTagsSchema>;
export type DeletedRepositoryTag = z.infer<typeof deletedRepositoryTagSchema>;

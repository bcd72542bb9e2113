import { z } from "zod";

// Requests

/** `POST /api/registries`: the address is normalized (scheme and trailing slash dropped) by the action. */
export const createRegistryBodySchema = z.object({
  address: z.string({ error: "address is required" }).min(1, "address is required").max(255),
  username: z.string({ error: "username is required" }).min(1, "username is required").max(255),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(4096),
});

/** `PATCH /api/registries/{id}`: any of the create fields; a password given replaces the sealed one. */
export const updateRegistryBodySchema = createRegistryBodySchema
  .partial()
  .refine((body) => Object.keys(body).length > 0, "give at least one of address, username, password");

/** `{id}` in a path: a saved registry's id (an unknown one is a 404, not a 400). */
export const registryIdParamsSchema = z.object({ id: z.string().min(1, "a registry id is required").max(128) });

/** A repository path as the Registry API names it (`team/app`): lowercase components joined by `/`. */
const repositorySchema = z
  .string({ error: "repository is required" })
  .regex(/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/, "repository must be a lowercase path like team/app");

/** `GET /api/registries/{id}/tags?repository=`. */
export const repositoryQuerySchema = z.object({ repository: repositorySchema });

/** `DELETE /api/registries/{id}/tags?repository=&tag=`. */
export const repositoryTagQuerySchema = repositoryQuerySchema.extend({
  tag: z.string({ error: "tag is required" }).regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "tag is not a valid tag"),
});

// Results

/** A saved registry as every API shows it: never the password. */
export const registryViewSchema = z.object({
  id: z.string(),
  /** host[:port], as image references name it (`docker.io` for Docker Hub). */
  address: z.string(),
  username: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const registryListSchema = z.object({ registries: z.array(registryViewSchema) });

/** `DELETE /api/registries/{id}`: the registry and its sealed credentials are gone. */
export const removedRegistrySchema = z.object({ ok: z.literal(true) });

/**
 * `docker login` against the registry's `/v2/`: a refusal is a result (`ok: false` with the
 * registry's status and a sentence), not an error, so the dialog can show it.
 */
export const registryLoginResultSchema = z.object({ ok: z.boolean(), status: z.number().int(), message: z.string() });

/** The registry's catalog (`GET /v2/_catalog`). */
export const repositoryListSchema = z.object({ repositories: z.array(z.string()) });

/** One repository's tags (`GET /v2/<name>/tags/list`), sorted. */
export const repositoryTagsSchema = z.object({ repository: z.string(), tags: z.array(z.string()) });

/** The deleted tag and the manifest digest it resolved to (other tags on that manifest went with it). */
export const deletedRepositoryTagSchema = z.object({ repository: z.string(), tag: z.string(), digest: z.string() });

import { z } from "zod";
import { recordAction } from "@/lib/audit/audit";
import { registryBaseUrl } from "@/lib/registries/address";
import { deleteRepositoryTag, listRepositoryTags } from "@/lib/registries/v2-client";
import { registryCredentials } from "@/lib/registries/registries";
import { readQuery, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const repositorySchema = z.object({
  repository: z
    .string({ error: "repository is required" })
    .regex(/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/, "repository must be a lowercase path like team/app"),
});
const tagSchema = repositorySchema.extend({ tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "tag is not a valid tag") });

/** GET /api/registries/{id}/tags?repository= (operator): the repository's tags. */
export const GET = route<{ id: string }>({ role: "operator" }, async (request, { params }) => {
  const { repository } = readQuery(request, repositorySchema);
  return Response.json({ repository, tags: await listRepositoryTags(await registryCredentials(params.id), repository) });
});

/**
 * DELETE /api/registries/{id}/tags?repository=&tag= (admin): deletes the tag's manifest in the
 * registry, where its configuration allows deletes (409 otherwise).
 */
export const DELETE = route<{ id: string }>({ role: "admin" }, async (request, { params, actor }) => {
  const { repository, tag } = readQuery(request, tagSchema);
  const credentials = await registryCredentials(params.id);
  const result = await recordAction(
    {
      action: "registry.delete-tag",
      target: `${credentials.address}/${repository}:${tag}`,
      params: { registry: credentials.address, repository, tag },
      // The docker CLI cannot delete from a registry; this is the API call it stands for.
      command: `curl -u ${credentials.username} -X DELETE ${registryBaseUrl(credentials.address)}/v2/${repository}/manifests/<digest of ${tag}>`,
      actor,
    },
    () => deleteRepositoryTag(credentials, repository, tag),
  );
  return Response.json({ repository, tag, ...result });
});

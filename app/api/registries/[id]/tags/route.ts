import { route } from "@/lib/http/route";
import { deleteRegistryTag } from "@/lib/registries/actions";
import { listRegistryTags } from "@/lib/registries/queries";
import {
  deletedRepositoryTagSchema,
  registryIdParamsSchema,
  repositoryQuerySchema,
  repositoryTagQuerySchema,
  repositoryTagsSchema,
} from "@/lib/registries/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/registries/{id}/tags",
    summary: "A repository's tags in a saved registry",
    access: "operator",
    params: registryIdParamsSchema,
    query: repositoryQuerySchema,
    responses: { 200: repositoryTagsSchema },
    errors: ["not_found:registry", "upstream:registry_login", "upstream:registry", "unavailable:registry"],
  },
  async ({ params, query }) => Response.json(await listRegistryTags({ id: params.id, repository: query.repository })),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/registries/{id}/tags",
    summary: "Delete a tag in a saved registry",
    description:
      "Deletes the manifest the tag points at (other tags on it go too), where the registry's configuration allows deletes (409 otherwise).",
    access: "admin",
    params: registryIdParamsSchema,
    query: repositoryTagQuerySchema,
    responses: { 200: deletedRepositoryTagSchema },
    errors: ["not_found:registry", "conflict:registry", "upstream:registry_login", "upstream:registry", "unavailable:registry"],
  },
  async ({ params, query, actor }) =>
    Response.json(await deleteRegistryTag({ id: params.id, repository: query.repository, tag: query.tag, actor })),
);

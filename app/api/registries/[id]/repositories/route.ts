import { route } from "@/lib/http/route";
import { listRegistryRepositories } from "@/lib/registries/queries";
import { registryIdParamsSchema, repositoryListSchema } from "@/lib/registries/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/registries/{id}/repositories",
    summary: "A saved registry's repositories",
    description: "The registry's catalog (`GET /v2/_catalog`), read with its saved credentials.",
    access: "operator",
    params: registryIdParamsSchema,
    responses: { 200: repositoryListSchema },
    errors: ["not_found:registry", "upstream:registry_login", "upstream:registry", "unavailable:registry"],
  },
  async ({ params }) => Response.json(await listRegistryRepositories({ id: params.id })),
);

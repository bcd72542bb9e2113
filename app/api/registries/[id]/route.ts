import { route } from "@/lib/http/route";
import { deleteRegistry, updateRegistry } from "@/lib/registries/actions";
import { getRegistry } from "@/lib/registries/queries";
import { registryIdParamsSchema, registryViewSchema, removedRegistrySchema, updateRegistryBodySchema } from "@/lib/registries/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/registries/{id}",
    summary: "A saved registry",
    access: "operator",
    params: registryIdParamsSchema,
    responses: { 200: registryViewSchema },
    errors: ["not_found:registry"],
  },
  async ({ params }) => Response.json(await getRegistry(params.id)),
);

export const PATCH = route(
  {
    method: "PATCH",
    path: "/api/registries/{id}",
    summary: "Change a saved registry's address, username or password",
    access: "admin",
    params: registryIdParamsSchema,
    body: updateRegistryBodySchema,
    responses: { 200: registryViewSchema },
    errors: ["not_found:registry", "bad_request:registry"],
  },
  async ({ params, body, actor }) => Response.json(await updateRegistry({ id: params.id, changes: body, actor })),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/registries/{id}",
    summary: "Forget a saved registry and its credentials",
    access: "admin",
    params: registryIdParamsSchema,
    responses: { 200: removedRegistrySchema },
    errors: ["not_found:registry"],
  },
  async ({ params, actor }) => {
    await deleteRegistry({ id: params.id, actor });
    return Response.json({ ok: true });
  },
);

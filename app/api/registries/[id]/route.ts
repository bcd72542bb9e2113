import { deleteRegistry, getRegistry, registryUpdateSchema, updateRegistry } from "@/lib/registries/registries";
import { readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** GET /api/registries/{id} (operator). */
export const GET = route<Params>({ role: "operator" }, async (_request, { params }) => Response.json(await getRegistry(params.id)));

/** PATCH /api/registries/{id} {"address"?, "username"?, "password"?} (admin). */
export const PATCH = route<Params>({ role: "admin" }, async (request, { params, actor }) => {
  const changes = await readJsonBody(request, registryUpdateSchema);
  return Response.json(await updateRegistry({ id: params.id, changes, actor }));
});

/** DELETE /api/registries/{id} (admin): forgets the registry and its credentials. */
export const DELETE = route<Params>({ role: "admin" }, async (_request, { params, actor }) => {
  await deleteRegistry({ id: params.id, actor });
  return Response.json({ ok: true });
});

import { createRegistry, listRegistries, registryBodySchema } from "@/lib/registries/registries";
import { readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/registries (operator): saved registries, never their passwords. */
export const GET = route({ role: "operator" }, async () => Response.json({ registries: await listRegistries() }));

/** POST /api/registries {"address","username","password"} (admin): 201; the password is sealed at rest. */
export const POST = route({ role: "admin" }, async (request, { actor }) => {
  const body = await readJsonBody(request, registryBodySchema);
  return Response.json(await createRegistry({ ...body, actor }), { status: 201 });
});

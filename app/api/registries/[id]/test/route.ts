import { testSavedRegistry } from "@/lib/registries/registries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/registries/{id}/test (admin): `docker login` against /v2/; 200 `{ok, status, message}`. */
export const POST = route<{ id: string }>({ role: "admin" }, async (_request, { params, actor }) =>
  Response.json(await testSavedRegistry({ id: params.id, actor })),
);

import { route } from "@/lib/http/route";
import { testSavedRegistry } from "@/lib/registries/actions";
import { registryIdParamsSchema, registryLoginResultSchema } from "@/lib/registries/schemas";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/registries/{id}/test",
    summary: "Test a saved registry's credentials (docker login)",
    description: "Answers 200 either way: `ok` says whether the registry accepted them, `message` why not.",
    access: "admin",
    params: registryIdParamsSchema,
    responses: { 200: registryLoginResultSchema },
    errors: ["not_found:registry", "unavailable:registry"],
  },
  async ({ params, actor }) => Response.json(await testSavedRegistry({ id: params.id, actor })),
);

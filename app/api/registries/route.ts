import { route } from "@/lib/http/route";
import { createRegistry } from "@/lib/registries/actions";
import { listRegistries } from "@/lib/registries/queries";
import { createRegistryBodySchema, registryListSchema, registryViewSchema } from "@/lib/registries/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/registries",
    summary: "Saved registries",
    description: "Never their passwords. Operator, because the saved credentials are used to push and pull.",
    access: "operator",
    responses: { 200: registryListSchema },
  },
  async () => Response.json({ registries: await listRegistries() }),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/registries",
    summary: "Save a registry's credentials",
    description: "The password is sealed at rest and never shown again. The address is normalized to host[:port].",
    access: "admin",
    body: createRegistryBodySchema,
    responses: { 201: registryViewSchema },
    errors: ["bad_request:registry", "conflict:registry"],
  },
  async ({ body, actor }) => Response.json(await createRegistry({ ...body, actor }), { status: 201 }),
);

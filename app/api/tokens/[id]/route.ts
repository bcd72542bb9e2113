import { revokeApiToken } from "@/lib/auth/actions";
import { apiTokenViewSchema, tokenIdParamsSchema } from "@/lib/auth/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/tokens/{id}",
    summary: "Revoke an API token",
    description: "At once: the next request with it answers 401.",
    access: "admin",
    params: tokenIdParamsSchema,
    responses: { 200: apiTokenViewSchema },
    errors: ["not_found:token"],
  },
  async ({ params, principal }) => Response.json(await revokeApiToken({ id: params.id, actor: principal })),
);

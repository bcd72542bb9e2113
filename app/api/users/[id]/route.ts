import { updateUser } from "@/lib/auth/actions";
import { updateUserBodySchema, userIdParamsSchema, userViewSchema } from "@/lib/auth/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const PATCH = route(
  {
    method: "PATCH",
    path: "/api/users/{id}",
    summary: "Change a user's role, disable or enable them, or reset their password",
    description: "Disabling or a password reset ends the user's sessions. An admin cannot demote or disable themselves (409).",
    access: "admin",
    params: userIdParamsSchema,
    body: updateUserBodySchema,
    responses: { 200: userViewSchema },
    errors: ["not_found:user", "conflict:user"],
  },
  async ({ params, body, principal }) => Response.json(await updateUser({ id: params.id, changes: body, actor: principal })),
);

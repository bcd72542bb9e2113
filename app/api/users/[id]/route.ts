import { updateUser, updateUserSchema } from "@/lib/auth/users";
import { readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** PATCH /api/users/{id} {"role"?, "disabled"?, "password"?} (admin): change role, disable, reset password. */
export const PATCH = route<{ id: string }>({ role: "admin" }, async (request, { params, principal }) => {
  const changes = await readJsonBody(request, updateUserSchema);
  return Response.json(await updateUser({ id: params.id, changes, actor: principal! }));
});

import { createUser, createUserSchema, listUsers } from "@/lib/auth/users";
import { readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/users (admin): every user. */
export const GET = route({ role: "admin" }, async () => Response.json({ users: await listUsers() }));

/** POST /api/users {"username","password","role"} (admin): 201 with the user. */
export const POST = route({ role: "admin" }, async (request, { principal }) => {
  const body = await readJsonBody(request, createUserSchema);
  return Response.json(await createUser({ ...body, actor: principal! }), { status: 201 });
});

import { createUser } from "@/lib/auth/actions";
import { listUsers } from "@/lib/auth/queries";
import { createUserBodySchema, userListSchema, userViewSchema } from "@/lib/auth/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/users",
    summary: "Every user",
    access: "admin",
    responses: { 200: userListSchema },
  },
  async () => Response.json({ users: await listUsers() }),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/users",
    summary: "Create a user",
    access: "admin",
    body: createUserBodySchema,
    responses: { 201: userViewSchema },
    errors: ["conflict:user"],
  },
  async ({ body, principal }) => Response.json(await createUser({ ...body, actor: principal }), { status: 201 }),
);

import { setUpFirstAdmin } from "@/lib/auth/actions";
import { sessionCookie } from "@/lib/auth/cookie";
import { setupBodySchema, setupResultSchema } from "@/lib/auth/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/auth/setup",
    summary: "Create the first admin",
    description: "Only while no user exists (409 afterwards); signs the new admin in with a session cookie.",
    access: "public",
    body: setupBodySchema,
    responses: { 201: setupResultSchema },
    errors: ["conflict:setup"],
  },
  async ({ request, body }) => {
    const session = await setUpFirstAdmin({ ...body, userAgent: request.headers.get("user-agent") });
    return Response.json(
      { user: session.user },
      { status: 201, headers: { "set-cookie": sessionCookie(request, session.token, session.expiresAt) } },
    );
  },
);

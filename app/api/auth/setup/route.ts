import { sessionCookie } from "@/lib/auth/cookie";
import { createSession } from "@/lib/auth/sessions";
import { createFirstAdmin, setupSchema } from "@/lib/auth/users";
import { readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST /api/auth/setup {"username","password"}: creates the first admin and signs them in; only
 * while no user exists (409 afterwards).
 */
export const POST = route({ public: true }, async (request) => {
  const body = await readJsonBody(request, setupSchema);
  const user = await createFirstAdmin({ username: body.username, password: body.password, via: "setup" });
  const session = await createSession({ userId: user.id, userAgent: request.headers.get("user-agent") });
  return Response.json(
    { user: { username: user.username, role: user.role } },
    { status: 201, headers: { "set-cookie": sessionCookie(request, session.token, session.expiresAt) } },
  );
});

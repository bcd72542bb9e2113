import { signIn } from "@/lib/auth/actions";
import { sessionCookie } from "@/lib/auth/cookie";
import { loginBodySchema, loginResultSchema } from "@/lib/auth/schemas";
import { requestAddress, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/auth/login",
    summary: "Sign in",
    description:
      "Sets an HttpOnly session cookie. Wrong credentials answer one 401 whether or not the user exists; repeated failures for a user or an address answer 429 for a while (`retryAfterSeconds`).",
    access: "public",
    body: loginBodySchema,
    responses: { 200: loginResultSchema },
    errors: ["unauthorized:login", "throttled:login"],
  },
  async ({ request, body }) => {
    const session = await signIn({
      username: body.username,
      password: body.password,
      address: requestAddress(request),
      userAgent: request.headers.get("user-agent"),
    });
    return Response.json(
      { user: session.user, expiresAt: session.expiresAt.toISOString() },
      { headers: { "set-cookie": sessionCookie(request, session.token, session.expiresAt) } },
    );
  },
);

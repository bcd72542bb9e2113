import { sessionCookie } from "@/lib/auth/cookie";
import { signIn } from "@/lib/auth/sign-in";
import { readJsonBody, requestAddress, route } from "@/lib/http/route";
import { loginBodySchema } from "../schema";

export const dynamic = "force-dynamic";

/** POST /api/auth/login {"username","password"}: 200 and an HttpOnly session cookie; 401; 429. */
export const POST = route({ public: true }, async (request) => {
  const body = await readJsonBody(request, loginBodySchema);
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
});

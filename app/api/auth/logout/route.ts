import { clearedSessionCookie } from "@/lib/auth/cookie";
import { signOut } from "@/lib/auth/sign-in";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/auth/logout: ends this session (revoked server-side) and clears the cookie. */
export const POST = route({ role: "viewer" }, async (_request, { principal }) => {
  if (principal) await signOut(principal);
  return Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookie() } });
});

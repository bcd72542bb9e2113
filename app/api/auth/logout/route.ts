import { signOut } from "@/lib/auth/actions";
import { clearedSessionCookie } from "@/lib/auth/cookie";
import { signedOutSchema } from "@/lib/auth/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/auth/logout",
    summary: "Sign out",
    description: "Revokes this session server-side and clears the cookie. With an API token it changes nothing.",
    access: "viewer",
    responses: { 200: signedOutSchema },
  },
  async ({ principal }) => {
    await signOut(principal);
    return Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookie() } });
  },
);

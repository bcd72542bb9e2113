import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/auth/me: who the caller is (user or token) and their role. */
export const GET = route({ role: "viewer" }, async (_request, { principal }) => {
  return Response.json(
    principal?.kind === "user"
      ? { kind: "user", username: principal.username, role: principal.role }
      : { kind: "token", name: principal?.kind === "token" ? principal.name : null, role: principal?.role },
  );
});

import { AppError } from "@/lib/errors";
import { hasRole } from "@/lib/auth/roles";
import { listEngines } from "@/lib/engines/queries";
import { route } from "@/lib/http/route";
import { checkDatabase, secretsSealedWithAnotherKey } from "@/lib/instances/queries";
import { healthQuerySchema, healthSchema } from "@/lib/instances/schemas";
import type { Health } from "@/lib/instances/types";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/health",
    summary: "Whether this instance can serve (for load balancers)",
    description:
      'No sign-in and no data: 200 `{"status": "ok"}` when this instance reaches its database, 503 `{"status": "unavailable", "failing": "database", "error": …}` otherwise. An engine that is down does not make the instance unhealthy (the pages say so). With `engines=1` (viewer) the answer adds each engine\'s state as `GET /api/engines` sees it, and `secretsSealedWithAnotherKey`: the stored registry passwords and engine keys this instance cannot open (instances sharing a database need the same `DASHBOARD_SECRET_KEY`).',
    access: "public",
    query: healthQuerySchema,
    responses: { 200: healthSchema, 503: healthSchema },
    errors: ["unauthorized:session", "forbidden:role", "unavailable:database"],
  },
  async ({ query, principal }) => {
    if (query.engines) {
      if (!principal)
        throw new AppError("unauthorized:session", "Engine states need a signed-in viewer: send a session cookie or a token.");
      if (!hasRole(principal.role, "viewer")) throw new AppError("forbidden:role", `Your role (${principal.role}) cannot see engines.`);
    }
    const failure = await checkDatabase();
    const headers = { "cache-control": "no-store" };
    if (failure)
      return Response.json({ status: "unavailable", failing: "database", error: failure } satisfies Health, { status: 503, headers });
    if (!query.engines) return Response.json({ status: "ok" } satisfies Health, { headers });
    const [{ engines }, foreignSecrets] = await Promise.all([listEngines(), secretsSealedWithAnotherKey()]);
    return Response.json(
      {
        status: "ok",
        engines: engines.map(({ id, name, host, kind, state, reason, error }) => ({ id, name, host, kind, state, reason, error })),
        secretsSealedWithAnotherKey: foreignSecrets,
      } satisfies Health,
      { headers },
    );
  },
);

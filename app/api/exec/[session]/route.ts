import { endConsole, getConsoleStatus } from "@/lib/containers/console-sessions";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/exec/{session} (operator, the session's owner): `{state, exitCode, endedBy, execId, ...}`. */
export const GET = route<{ session: string }>({ role: "operator" }, async (_request, { params, principal }) =>
  Response.json(await getConsoleStatus({ session: params.session, principal: principal! })),
);

/** DELETE /api/exec/{session} (operator, owner): hangs up the process; answers the final status. */
export const DELETE = route<{ session: string }>({ role: "operator" }, async (_request, { params, principal }) =>
  Response.json(await endConsole({ session: params.session, principal: principal! })),
);

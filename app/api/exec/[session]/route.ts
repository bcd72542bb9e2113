import { relayConsoleRequest } from "@/lib/containers/console-relay";
import { endConsole, getConsoleStatus } from "@/lib/containers/console-sessions";
import { consoleSessionParamsSchema, consoleStatusSchema } from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/exec/{session}",
    summary: "A console session's state",
    description: "Only the session's owner sees it. Asked of another instance than the one holding the session, it is relayed there.",
    access: "operator",
    params: consoleSessionParamsSchema,
    responses: { 200: consoleStatusSchema },
    errors: ["not_found:console", "conflict:console", "unavailable:console"],
  },
  async ({ request, params, principal }) =>
    (await relayConsoleRequest({ request, session: params.session, principal })) ??
    Response.json(await getConsoleStatus({ session: params.session, principal })),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/exec/{session}",
    summary: "Hang up a console session",
    description: "Ends the process (SIGHUP, then SIGKILL) and answers the final state.",
    access: "operator",
    params: consoleSessionParamsSchema,
    responses: { 200: consoleStatusSchema },
    errors: ["not_found:console", "conflict:console", "unavailable:console"],
  },
  async ({ request, params, principal }) =>
    (await relayConsoleRequest({ request, session: params.session, principal })) ??
    Response.json(await endConsole({ session: params.session, principal })),
);

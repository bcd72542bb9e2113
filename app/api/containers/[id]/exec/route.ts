import { openConsole } from "@/lib/containers/console-sessions";
import { consoleRequestSchema, containerIdParamsSchema, openedConsoleSchema } from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/containers/{id}/exec",
    summary: "Open a console in a container (docker exec -it)",
    description:
      "No body means `sh` at 80x24. The terminal is then read from GET /api/exec/{session}/output and written with POST /api/exec/{session}/input.",
    access: "operator",
    params: containerIdParamsSchema,
    // No body means the defaults.
    body: consoleRequestSchema.optional(),
    responses: { 201: openedConsoleSchema },
    errors: ["not_found:container", "conflict:container", "conflict:console"],
  },
  async ({ params, body, principal }) =>
    Response.json(await openConsole({ container: params.id, request: body ?? {}, principal }), { status: 201 }),
);

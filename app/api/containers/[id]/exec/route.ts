import { consoleRequestSchema, openConsole } from "@/lib/containers/console-sessions";
import { decodeParam, readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * POST /api/containers/{id}/exec {"command"?: ["sh"], "cols"?, "rows"?, "user"?, "workingDir"?}
 * (operator): `docker exec -it`; 201 `{session, execId, container, command}`. The terminal is then
 * read from GET /api/exec/{session}/output and written with POST /api/exec/{session}/input.
 */
export const POST = route<{ id: string }>({ role: "operator" }, async (request, { params, principal }) => {
  // No body means the defaults: `sh` at 80x24.
  const empty = (await request.clone().text()).trim() === "";
  const body = empty ? {} : await readJsonBody(request, consoleRequestSchema);
  return Response.json(await openConsole({ container: decodeParam(params.id), request: body, principal: principal! }), { status: 201 });
});

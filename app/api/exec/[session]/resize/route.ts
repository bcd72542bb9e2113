import { consoleResizeSchema, resizeConsole } from "@/lib/containers/console-sessions";
import { readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/exec/{session}/resize {"cols","rows"} (operator, owner): the TTY's new size; 204. */
export const POST = route<{ session: string }>({ role: "operator" }, async (request, { params, principal }) => {
  const { cols, rows } = await readJsonBody(request, consoleResizeSchema);
  await resizeConsole({ session: params.session, principal: principal!, cols, rows });
  return new Response(null, { status: 204 });
});

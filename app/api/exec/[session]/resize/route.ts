import { relayConsoleRequest } from "@/lib/containers/console-relay";
import { resizeConsole } from "@/lib/containers/console-sessions";
import { consoleResizeSchema, consoleSessionParamsSchema } from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/exec/{session}/resize",
    summary: "Resize a console's terminal",
    access: "operator",
    params: consoleSessionParamsSchema,
    body: consoleResizeSchema,
    responses: { 204: { description: "Resized" } },
    errors: ["not_found:console", "conflict:console", "unavailable:console"],
  },
  async ({ request, params, body, principal }) => {
    const relayed = await relayConsoleRequest({ request, session: params.session, principal, body: JSON.stringify(body) });
    if (relayed) return relayed;
    await resizeConsole({ session: params.session, principal, cols: body.cols, rows: body.rows });
    return new Response(null, { status: 204 });
  },
);

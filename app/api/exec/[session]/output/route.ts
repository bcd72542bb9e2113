import { relayConsoleRequest } from "@/lib/containers/console-relay";
import { abandonConsole, readConsoleOutput } from "@/lib/containers/console-sessions";
import { consoleSessionParamsSchema } from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/exec/{session}/output",
    summary: "A console's screen, streamed",
    description:
      "The terminal's raw bytes as the process writes them, until it exits. Aborting the request (closing the tab) ends the session.",
    access: "operator",
    params: consoleSessionParamsSchema,
    responses: { 200: { description: "Terminal output bytes", contentType: "application/octet-stream" } },
    errors: ["not_found:console", "conflict:console", "unavailable:console"],
  },
  async ({ request, params, principal }) => {
    const relayed = await relayConsoleRequest({ request, session: params.session, principal });
    if (relayed) return relayed;
    const session = { session: params.session, principal };
    const output = readConsoleOutput(session);
    // The stream's cancel covers a reader that goes away mid-read; the signal also covers one that
    // goes away before the first byte was pulled.
    if (request.signal.aborted) abandonConsole(session);
    else request.signal.addEventListener("abort", () => abandonConsole(session), { once: true });
    return new Response(output, {
      headers: {
        "content-type": "application/octet-stream",
        // no-transform: a compressing proxy (or Next's own gzip) would hold keystroke echoes back.
        "cache-control": "no-store, no-transform",
        "x-accel-buffering": "no",
      },
    });
  },
);

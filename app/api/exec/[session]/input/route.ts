import { relayConsoleRequest } from "@/lib/containers/console-relay";
import { MAX_INPUT_BYTES, writeConsoleInput } from "@/lib/containers/console-sessions";
import { consoleSessionParamsSchema } from "@/lib/containers/schemas";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/exec/{session}/input",
    summary: "Type into a console",
    description: `The raw body is written to the terminal as keystrokes; at most ${MAX_INPUT_BYTES} bytes per request. Sent to another instance than the one holding the session, it is relayed there, in order.`,
    access: "operator",
    params: consoleSessionParamsSchema,
    rawBody: { description: "Keystrokes, as bytes", contentTypes: ["application/octet-stream"] },
    responses: { 204: { description: "Written" } },
    errors: ["not_found:console", "conflict:console", "unavailable:console", "too_large:body"],
  },
  async ({ request, params, principal }) => {
    const declared = Number(request.headers.get("content-length") ?? 0);
    const tooLarge = () =>
      new AppError("too_large:body", `Console input is at most ${MAX_INPUT_BYTES} bytes per request; send a long paste in parts.`);
    if (declared > MAX_INPUT_BYTES) throw tooLarge();
    const data = new Uint8Array(await request.arrayBuffer());
    if (data.byteLength > MAX_INPUT_BYTES) throw tooLarge();
    const relayed = await relayConsoleRequest({ request, session: params.session, principal, body: data });
    if (relayed) return relayed;
    await writeConsoleInput({ session: params.session, principal, data });
    return new Response(null, { status: 204 });
  },
);

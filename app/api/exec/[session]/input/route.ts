import { MAX_INPUT_BYTES, writeConsoleInput } from "@/lib/containers/console-sessions";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/exec/{session}/input (operator, owner): the raw body is typed into the terminal; 204. */
export const POST = route<{ session: string }>({ role: "operator" }, async (request, { params, principal }) => {
  const declared = Number(request.headers.get("content-length") ?? 0);
  const tooLarge = () =>
    new AppError("bad_request:input", 413, `Console input is at most ${MAX_INPUT_BYTES} bytes per request; send a long paste in parts.`);
  if (declared > MAX_INPUT_BYTES) throw tooLarge();
  const data = new Uint8Array(await request.arrayBuffer());
  if (data.byteLength > MAX_INPUT_BYTES) throw tooLarge();
  await writeConsoleInput({ session: params.session, principal: principal!, data });
  return new Response(null, { status: 204 });
});

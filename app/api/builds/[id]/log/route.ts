import { Readable } from "node:stream";
import { openBuildLog } from "@/lib/builds/queries";
import { buildIdParamsSchema } from "@/lib/builds/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/builds/{id}/log",
    summary: "A build's whole log",
    description: "The build's log as plain text, streamed from its file when it was too large for the history row.",
    access: "viewer",
    params: buildIdParamsSchema,
    responses: { 200: { description: "The log", contentType: "text/plain" } },
    errors: ["not_found:build"],
  },
  async ({ params }) =>
    new Response(Readable.toWeb(await openBuildLog(params.id)) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    }),
);

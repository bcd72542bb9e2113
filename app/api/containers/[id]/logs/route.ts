import { Readable } from "node:stream";
import { containerLogs } from "@/lib/containers/queries";
import { containerIdParamsSchema, containerLogsQuerySchema, logLineSchema } from "@/lib/containers/schemas";
import { ndjsonResponse, startAtOnce, wantsStream } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/containers/{id}/logs",
    summary: "A container's log (docker logs), streamed",
    description:
      "With `Accept: application/x-ndjson`, one `{stream, text, time?}` per line (a blank first line opens the stream); otherwise the bytes as `docker logs` prints them. The answer starts at once, even for a container that has printed nothing yet; a followed log stays open until the client goes away.",
    access: "viewer",
    params: containerIdParamsSchema,
    query: containerLogsQuerySchema,
    responses: { 200: { description: "The log, as it comes", contentType: "text/plain", ndjson: logLineSchema } },
    errors: ["not_found:container"],
  },
  async ({ request, params, query }) => {
    const logs = await containerLogs(params.id, {
      tail: query.tail ?? "all",
      timestamps: query.timestamps ?? false,
      follow: query.follow ?? false,
    });
    if (wantsStream(request)) return startAtOnce(ndjsonResponse(logs.lines(), {}, logs.close));
    const bytes = new Response(Readable.toWeb(logs.bytes()) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
    });
    return startAtOnce(bytes, new Uint8Array(0));
  },
);

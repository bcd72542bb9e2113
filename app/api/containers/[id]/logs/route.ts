import { Readable } from "node:stream";
import { z } from "zod";
import { containerLogs } from "@/lib/containers/actions";
import { ndjsonResponse, wantsStream } from "@/lib/http/ndjson";
import { queryFlag } from "@/lib/http/query-flags";
import { decodeParam, readQuery, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const logsQuerySchema = z.object({
  tail: z.union([z.literal("all"), z.coerce.number().int().min(0).max(1_000_000)]).optional(),
  timestamps: queryFlag.optional(),
  follow: queryFlag.optional(),
});

/**
 * GET /api/containers/{id}/logs?tail=&timestamps=&follow= (viewer): streamed. With
 * `Accept: application/x-ndjson`, one `{stream, text, time?}` per line; otherwise the bytes as
 * `docker logs` prints them. A followed log stays open until the client goes away.
 */
export const GET = route<{ id: string }>({ role: "viewer" }, async (request, { params }) => {
  const query = readQuery(request, logsQuerySchema);
  const logs = await containerLogs(decodeParam(params.id), {
    tail: query.tail ?? "all",
    timestamps: query.timestamps ?? false,
    follow: query.follow ?? false,
  });
  if (wantsStream(request)) return ndjsonResponse(logs.lines(), {}, logs.close);
  return new Response(Readable.toWeb(logs.bytes()) as ReadableStream<Uint8Array>, {
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});

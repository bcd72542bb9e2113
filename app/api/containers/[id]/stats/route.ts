import { containerStats, containerStatsStream } from "@/lib/containers/queries";
import { containerIdParamsSchema, containerStatsSchema } from "@/lib/containers/schemas";
import { ndjsonResponse, startAtOnce, wantsStream } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/containers/{id}/stats",
    summary: "A running container's resource use (docker stats)",
    description:
      "One sample (`docker stats --no-stream`; takes 1–2 s, as the engine reads twice to compute CPU): CPU percent and memory in use computed as the docker CLI does, network and block I/O byte totals. With `Accept: application/x-ndjson`, a sample about every second from the engine's stats stream until the client leaves or the container stops (a blank first line opens the stream). A container that is not running answers 409 with its `state`.",
    access: "viewer",
    params: containerIdParamsSchema,
    responses: { 200: { description: "A sample, or a stream of them", schema: containerStatsSchema, ndjson: containerStatsSchema } },
    errors: ["not_found:container", "conflict:container"],
  },
  async ({ request, params }) => {
    if (!wantsStream(request)) return Response.json(await containerStats(params.id), { headers: { "cache-control": "no-store" } });
    const { samples, close } = await containerStatsStream(params.id);
    return startAtOnce(ndjsonResponse(samples, {}, close));
  },
);

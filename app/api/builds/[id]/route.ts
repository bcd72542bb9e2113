import { getBuild } from "@/lib/builds/queries";
import { buildDetailSchema, buildIdParamsSchema } from "@/lib/builds/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/builds/{id}",
    summary: "A stored build",
    description:
      "Its options, Dockerfile, outcome, steps (cache hits, and why each rebuilt step missed the cache), image and log (its last 64 KiB when larger: `logTruncated`, the whole at /api/builds/{id}/log).",
    access: "viewer",
    params: buildIdParamsSchema,
    responses: { 200: buildDetailSchema },
    errors: ["not_found:build"],
  },
  async ({ params }) => Response.json(await getBuild(params.id)),
);

import { countCleanupCandidates } from "@/lib/cleanup/queries";
import { cleanupCountsRequestSchema, cleanupCountsSchema } from "@/lib/cleanup/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/cleanup/counts",
    summary: "Count what each of several plan requests would remove, storing nothing",
    description:
      'Body `{"requests": {"NAME": <plan request>, …}}` (at most 20). Each is planned alone, as `POST /api/cleanup/plans` would, and answered as `{count, blocked, bytes}` (`bytes`: its true reclaimable bytes). Nothing is stored: the clean-up page asks this for its per-rule counts.',
    access: "viewer",
    body: cleanupCountsRequestSchema,
    responses: { 200: cleanupCountsSchema },
    errors: ["not_found:image", "not_found:container", "not_found:volume"],
  },
  async ({ body }) => Response.json(await countCleanupCandidates(body.requests, new Date())),
);

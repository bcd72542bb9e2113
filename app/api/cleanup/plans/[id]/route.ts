import { getCleanupPlan } from "@/lib/cleanup/queries";
import { cleanupPlanIdParamsSchema, cleanupPlanSchema } from "@/lib/cleanup/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/cleanup/plans/{id}",
    summary: "A stored clean-up plan",
    description: "The plan as it was previewed (its items, blockers and reclaimable bytes at that time).",
    access: "viewer",
    params: cleanupPlanIdParamsSchema,
    responses: { 200: cleanupPlanSchema },
    errors: ["not_found:cleanup_plan"],
  },
  async ({ params }) => Response.json(await getCleanupPlan(params.id)),
);

import { createCleanupPlan } from "@/lib/cleanup/actions";
import { cleanupPlanRequestSchema, cleanupPlanSchema } from "@/lib/cleanup/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/cleanup/plans",
    summary: "Plan a clean-up: what would go and what it truly frees",
    description:
      "Removes nothing; the plan is stored (GET /api/cleanup/plans/{id}). Candidates by rules (combined: an image must match every image rule given) minus what keep rules protect, plus the images, containers and volumes listed. `buildCache` adds classic-build leftovers and the engine's build cache records to them; `danglingVolumes` adds volumes no container mounts (data loss: a viewer may plan them, running needs admin and a confirmation). An image a container uses is blocked, naming the containers, and counts 0 bytes. `reclaimableBytes` counts only layers (by chain ID) that nothing staying uses, each once.",
    access: "viewer",
    body: cleanupPlanRequestSchema,
    responses: { 201: cleanupPlanSchema },
    errors: ["not_found:image", "not_found:container", "not_found:volume"],
  },
  async ({ body, actor }) => Response.json(await createCleanupPlan({ request: body, actor }), { status: 201 }),
);

import { runCleanupPolicy } from "@/lib/cleanup/policies";
import { cleanupPolicyIdParamsSchema, cleanupRunProgressSchema, cleanupRunResultSchema } from "@/lib/cleanup/schemas";
import { streamedOperation } from "@/lib/http/contract";
import { operationResponse } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/cleanup/policies/{id}/run",
    summary: "Run a clean-up policy now",
    description:
      "On the default engine only (400 with ?engine= naming another: the scheduler runs policies there). Makes the policy's plan under its limits and runs it (as POST /api/cleanup/plans/{id}/run does, without a confirmation: the saved policy is one). 409 while another run of the policy holds it, on any server sharing the database.",
    access: "admin",
    params: cleanupPolicyIdParamsSchema,
    responses: {
      200: streamedOperation("What was removed, skipped and failed, and the bytes freed", cleanupRunResultSchema, cleanupRunProgressSchema),
    },
    errors: ["bad_request:cleanup_policy", "not_found:cleanup_policy", "conflict:cleanup_policy"],
  },
  async ({ request, params, actor }) => operationResponse(request, await runCleanupPolicy({ id: params.id, actor, trigger: "manual" })),
);

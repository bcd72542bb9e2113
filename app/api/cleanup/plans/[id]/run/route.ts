import { runCleanupPlan } from "@/lib/cleanup/actions";
import {
  cleanupPlanIdParamsSchema,
  cleanupRunProgressSchema,
  cleanupRunRequestSchema,
  cleanupRunResultSchema,
} from "@/lib/cleanup/schemas";
import { streamedOperation } from "@/lib/http/contract";
import { operationResponse } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/cleanup/plans/{id}/run",
    summary: "Run a clean-up plan: remove its items one by one",
    description:
      'A plan runs once, within 10 minutes of being made (409 otherwise: make a new plan). When it frees more than 1 GB or removes volumes, the body must be `{"confirm": N}` with N the number of items it removes (400 saying N otherwise). Each item is checked again just before removal: one a container now uses, or re-tagged or untagged since the plan, is skipped with the reason. `freedBytes` are the layers (by chain ID) present before the run and gone after, each counted once, plus removed containers\' writable layers. Audited: one session row (GET /api/audit?session=auditId lists its removals, each with its docker line).',
    access: "admin",
    params: cleanupPlanIdParamsSchema,
    body: cleanupRunRequestSchema,
    responses: {
      200: streamedOperation("What was removed, skipped and failed, and the bytes freed", cleanupRunResultSchema, cleanupRunProgressSchema),
    },
    errors: ["not_found:cleanup_plan", "conflict:cleanup_plan"],
  },
  async ({ request, params, body, actor }) =>
    operationResponse(request, await runCleanupPlan({ planId: params.id, actor, confirm: body?.confirm })),
);

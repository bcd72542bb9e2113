import { deleteCleanupPolicy, getCleanupPolicy, updateCleanupPolicy } from "@/lib/cleanup/policies";
import { cleanupPolicyIdParamsSchema, cleanupPolicySchema, cleanupPolicyUpdateSchema } from "@/lib/cleanup/schemas";
import { route } from "@/lib/http/route";
import { z } from "zod";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/cleanup/policies/{id}",
    summary: "A saved clean-up policy",
    access: "admin",
    params: cleanupPolicyIdParamsSchema,
    responses: { 200: cleanupPolicySchema },
    errors: ["not_found:cleanup_policy"],
  },
  async ({ params }) => Response.json(await getCleanupPolicy(params.id)),
);

export const PATCH = route(
  {
    method: "PATCH",
    path: "/api/cleanup/policies/{id}",
    summary: "Change a clean-up policy",
    description: "Fields not given stay as they are; `schedule: null` stops scheduling it.",
    access: "admin",
    params: cleanupPolicyIdParamsSchema,
    body: cleanupPolicyUpdateSchema,
    responses: { 200: cleanupPolicySchema },
    errors: ["bad_request:cleanup_policy", "not_found:cleanup_policy", "conflict:cleanup_policy"],
  },
  async ({ params, body, actor }) => Response.json(await updateCleanupPolicy({ id: params.id, body, actor })),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/cleanup/policies/{id}",
    summary: "Delete a clean-up policy",
    description: "A run in progress finishes; its plan and audit rows stay.",
    access: "admin",
    params: cleanupPolicyIdParamsSchema,
    responses: { 200: z.object({ id: z.string(), name: z.string() }) },
    errors: ["not_found:cleanup_policy"],
  },
  async ({ params, actor }) => Response.json(await deleteCleanupPolicy({ id: params.id, actor })),
);

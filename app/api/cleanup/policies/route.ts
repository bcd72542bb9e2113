import { createCleanupPolicy, listCleanupPolicies } from "@/lib/cleanup/policies";
import { cleanupPolicyCreateSchema, cleanupPolicyListSchema, cleanupPolicySchema } from "@/lib/cleanup/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/cleanup/policies",
    summary: "Saved clean-up policies",
    description: "Each with its rules, keep rules, listed items, limits, schedule, next run, whether a run holds it now, and its last run.",
    access: "admin",
    responses: { 200: cleanupPolicyListSchema },
  },
  async () => Response.json({ policies: await listCleanupPolicies() }),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/cleanup/policies",
    summary: "Save a clean-up policy",
    description:
      "Rules and keep rules (as a plan takes them, listed items too), limits a run stays under (`maxBytes`, `maxItems`: items past them are left, naming the limit), and an optional cron schedule (5 fields, or 6 with seconds first; the server's time zone). A scheduled run makes its plan and runs it, audited like a manual run; one run of a policy at a time, also across servers sharing the database.",
    access: "admin",
    body: cleanupPolicyCreateSchema,
    responses: { 201: cleanupPolicySchema },
    errors: ["bad_request:cleanup_policy", "conflict:cleanup_policy"],
  },
  async ({ body, actor }) => Response.json(await createCleanupPolicy({ body, actor }), { status: 201 }),
);

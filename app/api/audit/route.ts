import { auditQuerySchema, listAuditEntries } from "@/lib/audit/audit";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/audit",
    summary: "The audit log, newest first",
    description: "Every action with its actor, outcome, duration and the equivalent docker CLI line. Page with `cursor` (the previous page's `nextCursor`).",
    access: "viewer",
    query: auditQuerySchema,
    responses: { 200: { description: "A page of audit entries and the cursor of the next one" } },
    errors: ["bad_request:cursor"],
  },
  async ({ query }) => Response.json(await listAuditEntries(query)),
);

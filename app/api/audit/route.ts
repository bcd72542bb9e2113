import { auditPageSchema, auditQuerySchema } from "@/lib/audit/schemas";
import { listAuditEntries } from "@/lib/audit/queries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/audit",
    summary: "The audit log, newest first",
    description:
      "Every action with its actor, outcome, duration and the equivalent docker CLI line. Page with `cursor` (the previous page's `nextCursor`).",
    access: "viewer",
    query: auditQuerySchema,
    responses: { 200: auditPageSchema },
    errors: ["bad_request:cursor"],
  },
  async ({ query }) => Response.json(await listAuditEntries(query)),
);

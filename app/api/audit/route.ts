import type { NextRequest } from "next/server";
import { auditQuerySchema, listAuditEntries } from "@/lib/audit/audit";
import { readQuery, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/audit?action=&outcome=&target=&from=&to=&limit=&cursor=: newest first. */
export const GET = route({ role: "viewer" }, async (request: NextRequest) => {
  const query = readQuery(request, auditQuerySchema);
  return Response.json(await listAuditEntries(query));
});

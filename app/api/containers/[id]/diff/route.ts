import { containerChanges } from "@/lib/containers/actions";
import { decodeParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/containers/{id}/diff (viewer): `docker diff`, the writable layer's added, changed and deleted paths. */
export const GET = route<{ id: string }>({ role: "viewer" }, async (_request, { params }) =>
  Response.json(await containerChanges(decodeParam(params.id))),
);

import type { NextRequest } from "next/server";
import { getImageDetail } from "@/lib/docker/images";
import { removeImage, validateImageRef } from "@/lib/images/actions";
import { decodeParam, readQuery, route } from "@/lib/http/route";
import { removeImageQuerySchema } from "./schema";

export const dynamic = "force-dynamic";

type Params = { ref: string };

/** GET /api/images/{ref}: config, history aligned to layers, layer sharing, containers. */
export const GET = route<Params>({ role: "viewer" }, async (_request, { params }) => {
  const ref = validateImageRef(decodeParam(params.ref));
  return Response.json(await getImageDetail(ref));
});

/** DELETE /api/images/{ref}?force=true&noprune=true: `docker rmi`; 409 names the containers in the way. */
export const DELETE = route<Params>({ role: "admin" }, async (request: NextRequest, { params, actor }) => {
  const query = readQuery(request, removeImageQuerySchema);
  const removed = await removeImage({
    ref: decodeParam(params.ref),
    force: query.force ?? false,
    noPrune: query.noprune ?? false,
    actor,
  });
  return Response.json(removed);
});

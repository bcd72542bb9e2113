import { z } from "zod";
import { removeContainer } from "@/lib/containers/actions";
import { validateContainerRef } from "@/lib/containers/container-ref";
import { inspectContainer } from "@/lib/docker/containers";
import { queryFlag } from "@/lib/http/query-flags";
import { decodeParam, readQuery, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** GET /api/containers/{id} (viewer): `docker container inspect` in the app's names, plus `raw`. */
export const GET = route<Params>({ role: "viewer" }, async (_request, { params }) =>
  Response.json(await inspectContainer(validateContainerRef(decodeParam(params.id)), { withSize: true })),
);

const removeQuerySchema = z.object({ force: queryFlag.optional(), volumes: queryFlag.optional() });

/** DELETE /api/containers/{id}?force=&volumes= (operator): `docker rm`; 409 for a running container without force. */
export const DELETE = route<Params>({ role: "operator" }, async (request, { params, actor }) => {
  const query = readQuery(request, removeQuerySchema);
  return Response.json(
    await removeContainer({ ref: decodeParam(params.id), force: query.force ?? false, volumes: query.volumes ?? false, actor }),
  );
});

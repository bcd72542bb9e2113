import { BadRequestError } from "@/lib/errors";
import { operationResponse, wantsStream } from "@/lib/http/ndjson";
import { requestBodyStream } from "@/lib/http/request-body";
import { route } from "@/lib/http/route";
import { loadImages } from "@/lib/images/transfer-actions";

export const dynamic = "force-dynamic";

/**
 * POST /api/images/load (operator): `docker load` of a docker-save tar body, streamed; reports what
 * loaded. The engine's per-layer progress is asked for only when the caller streams it (Accept: application/x-ndjson).
 */
export const POST = route({ role: "operator" }, async (request, { actor }) => {
  if (!request.body) throw new BadRequestError("load", "The request has no body: send a docker save archive.");
  const body = requestBodyStream(request.body);
  return operationResponse(request, await loadImages({ body, actor, progress: wantsStream(request) }));
});

import { BadRequestError } from "@/lib/errors";
import { operationResponse, wantsStream } from "@/lib/http/ndjson";
import { requestBodyStream } from "@/lib/http/request-body";
import { route } from "@/lib/http/route";
import { loadImages } from "@/lib/images/actions";
import { loadImagesContract, NO_LOAD_BODY } from "@/lib/images/transfer-routes";

export const dynamic = "force-dynamic";

// `npm start` serves this path from its Node handler (loadImagesNode, scripts/server.ts).
export const POST = route(loadImagesContract, async ({ request, actor }) => {
  if (!request.body) throw new BadRequestError("load", NO_LOAD_BODY);
  return operationResponse(request, await loadImages({ body: requestBodyStream(request.body), actor, progress: wantsStream(request) }));
});

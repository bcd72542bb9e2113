import { BadRequestError } from "@/lib/errors";
import { operationResponse } from "@/lib/http/ndjson";
import { requestBodyStream } from "@/lib/http/request-body";
import { readJsonBody, route } from "@/lib/http/route";
import { importImageUrlBodySchema } from "@/lib/images/schemas";
import { importImage, importImageFromUrl } from "@/lib/images/actions";
import { importChanges, importImageContract, NO_IMPORT_BODY } from "@/lib/images/transfer-routes";

export const dynamic = "force-dynamic";

// `npm start` serves this path from its Node handler (importImageNode, scripts/server.ts); this
// module serves it under `next dev` and in the in-process route tests.
export const POST = route(importImageContract, async ({ request, query, actor }) => {
  const { change, ...options } = query;
  const changes = importChanges(change);
  if ((request.headers.get("content-type") ?? "").startsWith("application/json")) {
    const body = await readJsonBody(request, importImageUrlBodySchema);
    return operationResponse(
      request,
      await importImageFromUrl({ ...options, changes: [...changes, ...(body.changes ?? [])], url: body.url, actor }),
      201,
    );
  }
  if (!request.body) throw new BadRequestError("import", NO_IMPORT_BODY);
  return operationResponse(request, await importImage({ ...options, changes, body: requestBodyStream(request.body), actor }), 201);
});

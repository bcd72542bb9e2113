import { BadRequestError } from "@/lib/errors";
import { streamedOperation } from "@/lib/http/contract";
import { operationResponse, wantsStream } from "@/lib/http/ndjson";
import { requestBodyStream } from "@/lib/http/request-body";
import { route } from "@/lib/http/route";
import { loadedImagesSchema } from "@/lib/images/schemas";
import { loadImages } from "@/lib/images/actions";
import { progressLineSchema } from "@/lib/progress/schemas";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/images/load",
    summary: "Load images from a docker save archive (docker load)",
    description: "The engine's per-layer progress is asked for only when the caller streams it (Accept: application/x-ndjson).",
    access: "operator",
    rawBody: {
      description: "A docker save archive (tar, optionally gzip-compressed)",
      contentTypes: ["application/x-tar", "application/gzip"],
    },
    responses: { 200: streamedOperation("The references and IDs loaded", loadedImagesSchema, progressLineSchema) },
    errors: ["bad_request:archive", "bad_request:load"],
  },
  async ({ request, actor }) => {
    if (!request.body) throw new BadRequestError("load", "The request has no body: send a docker save archive.");
    return operationResponse(request, await loadImages({ body: requestBodyStream(request.body), actor, progress: wantsStream(request) }));
  },
);

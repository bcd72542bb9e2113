import { BadRequestError } from "@/lib/errors";
import { streamedOperation } from "@/lib/http/contract";
import { operationResponse } from "@/lib/http/ndjson";
import { requestBodyStream } from "@/lib/http/request-body";
import { readJsonBody, route } from "@/lib/http/route";
import { importedImageSchema, importImageQuerySchema, importImageUrlBodySchema } from "@/lib/images/schemas";
import { importImage, importImageFromUrl } from "@/lib/images/actions";
import { progressLineSchema } from "@/lib/progress/schemas";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/images/import",
    summary: "Import a root filesystem as an image (docker import)",
    description:
      'The body is the archive itself (application/x-tar, application/gzip, application/x-xz), streamed to the engine, or JSON `{"url": "..."}` for the engine to download.',
    access: "operator",
    query: importImageQuerySchema,
    rawBody: {
      description: "A tar archive of a root filesystem, or JSON {url, changes}",
      contentTypes: ["application/x-tar", "application/gzip", "application/x-xz", "application/json"],
    },
    responses: { 201: streamedOperation("The new image's ID and reference", importedImageSchema, progressLineSchema) },
    errors: ["bad_request:archive", "bad_request:import"],
  },
  async ({ request, query, actor }) => {
    const { change, ...options } = query;
    const changes = change === undefined ? [] : Array.isArray(change) ? change : [change];
    if ((request.headers.get("content-type") ?? "").startsWith("application/json")) {
      const body = await readJsonBody(request, importImageUrlBodySchema);
      return operationResponse(
        request,
        await importImageFromUrl({ ...options, changes: [...changes, ...(body.changes ?? [])], url: body.url, actor }),
        201,
      );
    }
    if (!request.body) throw new BadRequestError("import", 'The request has no body: send the archive, or JSON {"url": ...}.');
    return operationResponse(request, await importImage({ ...options, changes, body: requestBodyStream(request.body), actor }), 201);
  },
);

import { z } from "zod";
import { BadRequestError } from "@/lib/errors";
import { operationResponse } from "@/lib/http/ndjson";
import { requestBodyStream } from "@/lib/http/request-body";
import { readJsonBody, readQuery, route } from "@/lib/http/route";
import { importImage, importImageFromUrl } from "@/lib/images/transfer-actions";

export const dynamic = "force-dynamic";

const importQuerySchema = z.object({
  repo: z.string().max(255).optional(),
  tag: z.string().max(128).optional(),
  message: z.string().max(1000).optional(),
});
const importUrlSchema = z.object({ url: z.string({ error: "url is required" }).min(1).max(2048), changes: z.array(z.string()).optional() });

/**
 * POST /api/images/import?repo=&tag=&message=&change= (operator): `docker import`. The body is the
 * archive itself (application/x-tar, application/gzip, application/x-xz), streamed to the engine,
 * or JSON `{"url": "..."}` for the engine to download. 201 with the new image ID.
 */
export const POST = route({ role: "operator" }, async (request, { actor }) => {
  const query = readQuery(request, importQuerySchema);
  const changes = request.nextUrl.searchParams.getAll("change");
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.startsWith("application/json")) {
    const body = await readJsonBody(request, importUrlSchema);
    return operationResponse(
      request,
      await importImageFromUrl({ ...query, changes: [...changes, ...(body.changes ?? [])], url: body.url, actor }),
      201,
    );
  }
  if (!request.body) throw new BadRequestError("import", 'The request has no body: send the archive, or JSON {"url": ...}.');
  const body = requestBodyStream(request.body);
  return operationResponse(request, await importImage({ ...query, changes, body, actor }), 201);
});

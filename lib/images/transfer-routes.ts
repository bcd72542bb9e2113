import "server-only";
import { containerIdParamsSchema } from "@/lib/containers/schemas";
import { BadRequestError } from "@/lib/errors";
import { defineContract, streamedOperation } from "@/lib/http/contract";
import { wantsStream } from "@/lib/http/ndjson";
import { hasRequestBody, nodeRoute, readNodeJsonBody, sendDownload, sendOperation, takesChunkedFraming } from "@/lib/http/node-route";
import { uploadBody } from "@/lib/http/socket-body";
import { SocketBody } from "@/lib/docker/upload-pump";
import { exportContainer, importImage, importImageFromUrl, loadImages, saveImage } from "@/lib/images/actions";
import {
  imageRefParamsSchema,
  importedImageSchema,
  importImageQuerySchema,
  importImageUrlBodySchema,
  loadedImagesSchema,
} from "@/lib/images/schemas";
import { progressLineSchema } from "@/lib/progress/schemas";

// The byte-heavy image routes: their contracts (the Next route modules under app/api use them too,
// for `next dev`, the in-process route tests and the API document) and their Node handlers, which
// the custom server (scripts/server.mjs) serves them with: the upload is the Node request itself,
// the download is piped into the Node response (lib/http/node-route).

export const importImageContract = defineContract({
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
});

export const NO_IMPORT_BODY = 'The request has no body: send the archive, or JSON {"url": ...}.';

/** The `change` query parameter, given once or repeated, as a list. */
export function importChanges(change: string | string[] | undefined): string[] {
  return change === undefined ? [] : Array.isArray(change) ? change : [change];
}

export const importImageNode = nodeRoute(importImageContract, async ({ req, res, request, query, actor }) => {
  const { change, ...options } = query;
  const changes = importChanges(change);
  if ((request.headers.get("content-type") ?? "").startsWith("application/json")) {
    const body = await readNodeJsonBody(req, importImageUrlBodySchema);
    const operation = await importImageFromUrl({ ...options, changes: [...changes, ...(body.changes ?? [])], url: body.url, actor });
    return sendOperation({ request, res }, operation, 201);
  }
  if (!hasRequestBody(req)) throw new BadRequestError("import", NO_IMPORT_BODY);
  const body = await uploadBody(req, res);
  try {
    return await sendOperation({ request, res }, await importImage({ ...options, changes, body, actor }), 201);
  } finally {
    if (body instanceof SocketBody) body.release();
  }
});

export const loadImagesContract = defineContract({
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
});

export const NO_LOAD_BODY = "The request has no body: send a docker save archive.";

export const loadImagesNode = nodeRoute(loadImagesContract, async ({ req, res, request, actor }) => {
  if (!hasRequestBody(req)) throw new BadRequestError("load", NO_LOAD_BODY);
  const body = await uploadBody(req, res);
  try {
    return await sendOperation({ request, res }, await loadImages({ body, actor, progress: wantsStream(request) }));
  } finally {
    if (body instanceof SocketBody) body.release();
  }
});

export const saveImageContract = defineContract({
  method: "GET",
  path: "/api/images/{ref}/save",
  summary: "Download an image (docker save)",
  access: "operator",
  params: imageRefParamsSchema,
  responses: { 200: { description: "The docker save archive, streamed", contentType: "application/x-tar" } },
  errors: ["not_found:image"],
});

export const saveImageNode = nodeRoute(saveImageContract, async ({ req, res, params, actor }) => {
  const { stream, filename } = await saveImage({ ref: params.ref, actor, framed: takesChunkedFraming(req) });
  await sendDownload(res, stream, filename);
});

export const exportContainerContract = defineContract({
  method: "GET",
  path: "/api/containers/{id}/export",
  summary: "Download a container's filesystem (docker export)",
  access: "operator",
  params: containerIdParamsSchema,
  responses: { 200: { description: "The container's filesystem as a tar, streamed", contentType: "application/x-tar" } },
  errors: ["not_found:container"],
});

export const exportContainerNode = nodeRoute(exportContainerContract, async ({ req, res, params, actor }) => {
  const { stream, filename } = await exportContainer({ id: params.id, actor, framed: takesChunkedFraming(req) });
  await sendDownload(res, stream, filename);
});

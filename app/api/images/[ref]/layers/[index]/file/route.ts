import { Readable } from "node:stream";
import { route } from "@/lib/http/route";
import { validateImageRef } from "@/lib/layers/actions";
import { openLayerFile } from "@/lib/layers/queries";
import { layerFileQuerySchema, layerParamsSchema } from "@/lib/layers/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/images/{ref}/layers/{index}/file",
    summary: "A file's bytes as one layer stores them",
    description:
      "Streamed out of a fresh docker save of the image, never buffered. 404 when the layer does not hold the path (the union view of the files listing says which layer does); 400 for a directory or a symlink.",
    access: "viewer",
    params: layerParamsSchema,
    query: layerFileQuerySchema,
    responses: { 200: { description: "The file's bytes", contentType: "application/octet-stream" } },
    errors: ["bad_request:reference", "bad_request:layer", "bad_request:path", "not_found:image", "not_found:path"],
  },
  async ({ params, query }) => {
    const { stream, size, name } = await openLayerFile({ ref: validateImageRef(params.ref), index: params.index, path: query.path });
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(size),
        "content-disposition": `attachment; filename="${name.replace(/["\\\r\n]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      },
    });
  },
);

import { route } from "@/lib/http/route";
import { validateImageRef } from "@/lib/layers/actions";
import { listLayerFiles } from "@/lib/layers/queries";
import { directoryListingSchema, layerFilesQuerySchema, layerParamsSchema } from "@/lib/layers/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/images/{ref}/layers/{index}/files",
    summary: "One directory level of a layer, or of what a container sees at that layer",
    description:
      "`view=layer` (default): what the layer's tar holds in `path`, deletions included, each marked `added`, `changed` or `deleted` against the layers below. `view=union`: what a container of the image built up to that layer sees (`change` null where this layer changed nothing). Paged with `offset` and `limit`; the image is analysed first if it has not been.",
    access: "viewer",
    params: layerParamsSchema,
    query: layerFilesQuerySchema,
    responses: { 200: directoryListingSchema },
    errors: ["bad_request:reference", "bad_request:layer", "not_found:image", "not_found:path"],
  },
  async ({ params, query }) =>
    Response.json(
      await listLayerFiles({
        ref: validateImageRef(params.ref),
        index: params.index,
        path: query.path,
        view: query.view,
        offset: query.offset,
        limit: query.limit,
      }),
    ),
);

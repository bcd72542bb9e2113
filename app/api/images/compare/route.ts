import { route } from "@/lib/http/route";
import { validateImageRef } from "@/lib/layers/actions";
import { compareImages } from "@/lib/layers/queries";
import { compareQuerySchema, imageComparisonSchema } from "@/lib/layers/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/images/compare",
    summary: "Files added, removed and changed between two images, or two layers",
    description:
      "What a container of image `b` sees compared with one of image `a`: paths added, removed, and changed by content hash, type or link target (owner and mode alone do not count), with the content bytes on each side. `aLayer` / `bLayer` (0-based, base first) take a side at that layer instead of the top: what a container sees with the layers up to it, so `?a=IMG&aLayer=2&b=IMG&bLayer=3` is what step 3's layer changed. Each image is analysed first if it has not been. Each side in the answer names the layer compared and lists the image's layers. (An image named `compare` is read at `/api/images/compare:latest`.)",
    access: "viewer",
    query: compareQuerySchema,
    responses: { 200: imageComparisonSchema },
    errors: ["bad_request:reference", "bad_request:layer", "not_found:image"],
  },
  async ({ query }) =>
    Response.json(
      await compareImages({ a: validateImageRef(query.a), aLayer: query.aLayer, b: validateImageRef(query.b), bLayer: query.bLayer }),
    ),
);

import { route } from "@/lib/http/route";
import { validateImageRef } from "@/lib/layers/actions";
import { compareImages } from "@/lib/layers/queries";
import { compareQuerySchema, imageComparisonSchema } from "@/lib/layers/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/images/compare",
    summary: "Files added, removed and changed between two images",
    description:
      "What a container of image `b` sees compared with one of image `a`: paths added, removed, and changed by content hash, type or link target (owner and mode alone do not count), with the content bytes on each side. Each image is analysed first if it has not been.",
    access: "viewer",
    query: compareQuerySchema,
    responses: { 200: imageComparisonSchema },
    errors: ["bad_request:reference", "not_found:image"],
  },
  async ({ query }) => Response.json(await compareImages({ a: validateImageRef(query.a), b: validateImageRef(query.b) })),
);

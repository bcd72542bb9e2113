import { route } from "@/lib/http/route";
import { queryImageList } from "@/lib/images/queries";
import { imageListQuerySchema, imageListSchema } from "@/lib/images/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/images",
    summary: "Every image with sizes, sharing and container counts",
    description: "`docker images`, with each image's unique and shared bytes and the totals a prune would free.",
    access: "viewer",
    query: imageListQuerySchema,
    responses: { 200: imageListSchema },
  },
  async ({ query }) => Response.json(await queryImageList(query)),
);

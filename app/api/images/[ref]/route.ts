import { route } from "@/lib/http/route";
import { removeImage, validateImageRef } from "@/lib/images/actions";
import { getImageDetail } from "@/lib/images/queries";
import { imageDetailSchema, imageRefParamsSchema, removedImageSchema, removeImageQuerySchema } from "@/lib/images/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/images/{ref}",
    summary: "An image in detail",
    description: "Config, history aligned to layers, layer sharing and the containers created from it.",
    access: "viewer",
    params: imageRefParamsSchema,
    responses: { 200: imageDetailSchema },
    errors: ["not_found:image", "bad_request:reference"],
  },
  async ({ params }) => Response.json(await getImageDetail(validateImageRef(params.ref))),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/images/{ref}",
    summary: "Remove an image (docker rmi)",
    description: "A 409 names the containers in the way and says whether `force=true` would get past them.",
    access: "admin",
    params: imageRefParamsSchema,
    query: removeImageQuerySchema,
    responses: { 200: removedImageSchema },
    errors: ["not_found:image", "conflict:image"],
  },
  async ({ params, query, actor }) =>
    Response.json(await removeImage({ ref: params.ref, force: query.force ?? false, noPrune: query.noprune ?? false, actor })),
);

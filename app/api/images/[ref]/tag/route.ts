import { route } from "@/lib/http/route";
import { tagImage } from "@/lib/images/actions";
import { imageRefParamsSchema, taggedImageSchema, tagImageBodySchema } from "@/lib/images/schemas";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/images/{ref}/tag",
    summary: "Tag an image (docker tag)",
    access: "operator",
    params: imageRefParamsSchema,
    body: tagImageBodySchema,
    responses: { 201: taggedImageSchema },
    errors: ["not_found:image", "bad_request:reference"],
  },
  async ({ params, body, actor }) =>
    Response.json(await tagImage({ ref: params.ref, repo: body.repo, tag: body.tag, actor }), { status: 201 }),
);

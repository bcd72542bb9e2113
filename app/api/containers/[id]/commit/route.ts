import { containerIdParamsSchema } from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";
import { commitContainerBodySchema, committedImageSchema } from "@/lib/images/schemas";
import { commitContainer } from "@/lib/images/actions";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/containers/{id}/commit",
    summary: "Make an image from a container (docker commit)",
    description: "The container's writable layer becomes the new image's top layer.",
    access: "operator",
    params: containerIdParamsSchema,
    body: commitContainerBodySchema,
    responses: { 201: committedImageSchema },
    errors: ["not_found:container", "bad_request:commit"],
  },
  async ({ params, body, actor }) => Response.json(await commitContainer({ container: params.id, ...body, actor }), { status: 201 }),
);

import { cancelBuild } from "@/lib/builds/actions";
import { buildCancelResultSchema, buildIdParamsSchema } from "@/lib/builds/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/builds/{id}/cancel",
    summary: "Stop a running build",
    description:
      "Reaches the server process that holds the build's request (directly, or through the build's row when several processes share the database); closing the engine request stops a classic build and the engine removes the running step's container. Answers once the build has stopped (`stopped: false` if it takes longer than 15 s). A build that is not running: 409.",
    access: "operator",
    params: buildIdParamsSchema,
    responses: { 200: buildCancelResultSchema },
    errors: ["not_found:build", "conflict:build"],
  },
  async ({ params, actor }) => Response.json(await cancelBuild({ id: params.id, actor })),
);

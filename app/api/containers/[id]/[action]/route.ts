import { CONTAINER_ACTIONS, type ContainerAction } from "@/lib/cli/command";
import { runContainerAction } from "@/lib/containers/actions";
import { containerActionParamsSchema, containerActionResultSchema } from "@/lib/containers/schemas";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

function isContainerAction(value: string): value is ContainerAction {
  return (CONTAINER_ACTIONS as readonly string[]).includes(value);
}

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/containers/{id}/{action}",
    summary: "Start, stop, restart, kill, pause or unpause a container",
    description: "Answers the container's state afterwards.",
    access: "operator",
    params: containerActionParamsSchema,
    responses: { 200: containerActionResultSchema },
    errors: ["not_found:container", "not_found:action", "conflict:container"],
  },
  async ({ params, actor }) => {
    if (!isContainerAction(params.action)) {
      throw new AppError("not_found:action", `No container action "${params.action}": use one of ${CONTAINER_ACTIONS.join(", ")}.`);
    }
    return Response.json(await runContainerAction({ ref: params.id, action: params.action, actor }));
  },
);

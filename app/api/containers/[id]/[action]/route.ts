import { CONTAINER_ACTIONS, type ContainerAction } from "@/lib/cli/command";
import { runContainerAction } from "@/lib/containers/actions";
import { AppError } from "@/lib/errors";
import { decodeParam, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/containers/{id}/{start|stop|restart|kill|pause|unpause} (operator): answers the state afterwards. */
export const POST = route<{ id: string; action: string }>({ role: "operator" }, async (_request, { params, actor }) => {
  if (!(CONTAINER_ACTIONS as readonly string[]).includes(params.action)) {
    throw new AppError("not_found:action", 404, `No container action "${params.action}": use one of ${CONTAINER_ACTIONS.join(", ")}.`);
  }
  return Response.json(await runContainerAction({ ref: decodeParam(params.id), action: params.action as ContainerAction, actor }));
});

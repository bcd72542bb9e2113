import { removeContainer } from "@/lib/containers/actions";
import { validateContainerRef } from "@/lib/containers/container-ref";
import { inspectContainer } from "@/lib/containers/queries";
import {
  containerDetailSchema,
  containerIdParamsSchema,
  removedContainerSchema,
  removeContainerQuerySchema,
} from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/containers/{id}",
    summary: "A container in detail (docker container inspect)",
    description: "In the app's names, with the writable layer's size, plus `raw`: the engine's answer as it came.",
    access: "viewer",
    params: containerIdParamsSchema,
    responses: { 200: containerDetailSchema },
    errors: ["not_found:container", "bad_request:container"],
  },
  async ({ params }) => Response.json(await inspectContainer(validateContainerRef(params.id), { withSize: true })),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/containers/{id}",
    summary: "Remove a container (docker rm)",
    description: "A running container needs `force=true` (409 otherwise); `volumes=true` also removes its anonymous volumes.",
    access: "operator",
    params: containerIdParamsSchema,
    query: removeContainerQuerySchema,
    responses: { 200: removedContainerSchema },
    errors: ["not_found:container", "conflict:container"],
  },
  async ({ params, query, actor }) =>
    Response.json(await removeContainer({ ref: params.id, force: query.force ?? false, volumes: query.volumes ?? false, actor })),
);

import { route } from "@/lib/http/route";
import { removeNetwork } from "@/lib/networks/actions";
import { inspectNetwork } from "@/lib/networks/queries";
import { networkDetailSchema, networkParamsSchema, removedNetworkSchema } from "@/lib/networks/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/networks/{id}",
    summary: "A network in detail (docker network inspect)",
    description: "By ID, short ID or name; with attached containers and their addresses, and `raw`: the engine's answer as it came.",
    access: "viewer",
    params: networkParamsSchema,
    responses: { 200: networkDetailSchema },
    errors: ["not_found:network"],
  },
  async ({ params }) => Response.json(await inspectNetwork(params.id)),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/networks/{id}",
    summary: "Remove a network (docker network rm)",
    description:
      "409 while containers (running or stopped) are attached, naming them in `containers: [{id, name}]`; 409 for the engine's own bridge, host and none, before the engine is asked.",
    access: "admin",
    params: networkParamsSchema,
    responses: { 200: removedNetworkSchema },
    errors: ["not_found:network", "conflict:network"],
  },
  async ({ params, actor }) => Response.json(await removeNetwork({ ref: params.id, actor })),
);

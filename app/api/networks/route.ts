import { route } from "@/lib/http/route";
import { createNetwork } from "@/lib/networks/actions";
import { listNetworks } from "@/lib/networks/queries";
import { createdNetworkSchema, createNetworkBodySchema, networkListSchema } from "@/lib/networks/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/networks",
    summary: "Every network, with its subnet and the containers attached",
    description: "`docker network ls` with IPAM ranges and each attached container (stopped ones included) and its address.",
    access: "viewer",
    responses: { 200: networkListSchema },
  },
  async () => Response.json(await listNetworks()),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/networks",
    summary: "Create a network (docker network create)",
    description:
      "Driver bridge unless given; optional subnet (and gateway), internal (no route out), labels. A taken name or an overlapping subnet is a 409.",
    access: "admin",
    body: createNetworkBodySchema,
    responses: { 201: createdNetworkSchema },
    errors: ["conflict:network", "bad_request:network"],
  },
  async ({ body, actor }) => Response.json(await createNetwork({ request: body, actor }), { status: 201 }),
);

import { launchContainer } from "@/lib/containers/actions";
import { launchSpecSchema } from "@/lib/containers/launch";
import { listContainers } from "@/lib/containers/queries";
import { containerListSchema, launchedContainerSchema } from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/containers",
    summary: "Every container, running or stopped",
    description: "`docker ps -a -s`: with the writable layer's size and the size including the image.",
    access: "viewer",
    responses: { 200: containerListSchema },
  },
  async () => Response.json({ containers: await listContainers({ withSize: true }) }),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/containers",
    summary: "Launch a container (docker run -d, or docker create)",
    description: "A bind mount needs the admin role. A container that fails to start is removed again.",
    access: "operator",
    body: launchSpecSchema,
    responses: { 201: launchedContainerSchema },
    errors: ["bad_request:container", "forbidden:bind_mount", "not_found:image", "conflict:container"],
  },
  async ({ body, actor, principal }) => Response.json(await launchContainer({ spec: body, actor, role: principal.role }), { status: 201 }),
);

import { launchContainer, parseLaunchSpec } from "@/lib/containers/actions";
import { listContainers } from "@/lib/docker/containers";
import { readJsonBody, route } from "@/lib/http/route";
import { z } from "zod";

export const dynamic = "force-dynamic";

/** GET /api/containers (viewer): running and stopped containers with their writable layer's size. */
export const GET = route({ role: "viewer" }, async () => Response.json({ containers: await listContainers({ withSize: true }) }));

/** POST /api/containers (operator) with a launch spec: `docker run -d` / `docker create`; 201 with the container ID. */
export const POST = route({ role: "operator" }, async (request, { actor, principal }) => {
  const spec = parseLaunchSpec(await readJsonBody(request, z.unknown()));
  return Response.json(await launchContainer({ spec, actor, role: principal!.role }), { status: 201 });
});

import { getEngineInfo } from "@/lib/docker/engine";
import { engineInfoSchema } from "@/lib/docker/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/engine",
    summary: "The Docker engine: version, API version, platform and storage driver",
    description: "503 with the same body shape (`reachable: false`) when the engine does not answer.",
    access: "viewer",
    responses: { 200: engineInfoSchema, 503: { description: "The engine does not answer", schema: engineInfoSchema } },
  },
  async () => {
    const info = await getEngineInfo();
    return Response.json(info, { status: info.reachable ? 200 : 503 });
  },
);

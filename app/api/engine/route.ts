import { getEngineInfo } from "@/lib/docker/engine";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/engine: engine version, API version, platform and storage driver; 503 when unreachable. */
export const GET = route({ role: "viewer" }, async () => {
  const info = await getEngineInfo();
  return Response.json(info, { status: info.reachable ? 200 : 503 });
});

import { z } from "zod";
import { parseLaunchSpec, previewLaunch } from "@/lib/containers/actions";
import { readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** POST /api/containers/preview (viewer): the process a launch spec would run and its `docker run` line; creates nothing. */
export const POST = route({ role: "viewer" }, async (request) => {
  const spec = parseLaunchSpec(await readJsonBody(request, z.unknown()));
  return Response.json(await previewLaunch(spec));
});

import { route } from "@/lib/http/route";
import { listFleetImages } from "@/lib/fleet/queries";
import { fleetImagesQuerySchema, fleetImagesSchema } from "@/lib/fleet/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/fleet/images",
    summary: "Every image across all engines",
    description:
      "Grouped by image ID: which engines hold it, its containers and size on each, and the tags that name another image on engines that lack it (stale). Repo digests are listed with the engines and local IDs that carry them. An engine that is down, or slower than 2 s, is listed as down with the reason; the others answer.",
    access: "viewer",
    query: fleetImagesQuerySchema,
    responses: { 200: fleetImagesSchema },
  },
  async ({ query }) => Response.json(await listFleetImages(query)),
);

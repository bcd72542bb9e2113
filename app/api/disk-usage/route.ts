import { getDiskUsage } from "@/lib/cleanup/queries";
import { diskUsageSchema } from "@/lib/cleanup/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/disk-usage",
    summary: "Where the disk goes: images, containers, volumes, build cache",
    description:
      "Computed from the list endpoints at once, each layer (by chain ID) counted once: unique vs shared bytes, and what removing the dangling or unused images would truly free. `docker system df` (slow on busy hosts) only runs in the background; `systemDf.state` says where it is and volume and build-cache sizes come from its last result.",
    access: "viewer",
    responses: { 200: diskUsageSchema },
  },
  async () => Response.json(await getDiskUsage()),
);

import { launchSpecSchema } from "@/lib/containers/launch";
import { previewLaunch } from "@/lib/containers/queries";
import { launchPreviewSchema } from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/containers/preview",
    summary: "Preview a launch: the process it would run and its docker run line",
    description: "Creates nothing. Explains how the image's ENTRYPOINT and CMD combine with the overrides.",
    access: "viewer",
    body: launchSpecSchema,
    responses: { 200: launchPreviewSchema },
    errors: ["not_found:image"],
  },
  async ({ body }) => Response.json(await previewLaunch(body)),
);

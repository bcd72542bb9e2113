import { containerChanges } from "@/lib/containers/queries";
import { containerChangesSchema, containerIdParamsSchema } from "@/lib/containers/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/containers/{id}/diff",
    summary: "What the container changed (docker diff)",
    description: "The writable layer's added, changed and deleted paths: copy-on-write made visible.",
    access: "viewer",
    params: containerIdParamsSchema,
    responses: { 200: containerChangesSchema },
    errors: ["not_found:container"],
  },
  async ({ params }) => Response.json(await containerChanges(params.id)),
);

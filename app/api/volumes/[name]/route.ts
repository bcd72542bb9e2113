import { route } from "@/lib/http/route";
import { removeVolume } from "@/lib/volumes/actions";
import { inspectVolume } from "@/lib/volumes/queries";
import { removedVolumeSchema, volumeDetailSchema, volumeInUseSchema, volumeParamsSchema } from "@/lib/volumes/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/volumes/{name}",
    summary: "A volume in detail (docker volume inspect)",
    description: "With its size where known, the containers that use it, and `raw`: the engine's answer as it came.",
    access: "viewer",
    params: volumeParamsSchema,
    responses: { 200: volumeDetailSchema },
    errors: ["not_found:volume"],
  },
  async ({ params }) => Response.json(await inspectVolume(params.name)),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/volumes/{name}",
    summary: "Remove a volume (docker volume rm)",
    description: "Its files are deleted. While a container (running or stopped) uses it: 409 with `containers: [{id, name}]`.",
    access: "admin",
    params: volumeParamsSchema,
    responses: { 200: removedVolumeSchema, 409: volumeInUseSchema },
    errors: ["not_found:volume", "conflict:volume"],
  },
  async ({ params, actor }) => Response.json(await removeVolume({ name: params.name, actor })),
);

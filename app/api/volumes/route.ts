import { route } from "@/lib/http/route";
import { createVolume } from "@/lib/volumes/actions";
import { listVolumes } from "@/lib/volumes/queries";
import { createdVolumeSchema, createVolumeBodySchema, volumeListSchema } from "@/lib/volumes/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/volumes",
    summary: "Every volume, with its size where known and the containers that use it",
    description:
      "`docker volume ls` with each volume's users (running or stopped) and, for local volumes, its size from one `docker system df` (given up after 5 s: then `size` is null and `sizeError` says why). `anonymous` marks volumes the engine named (a container's VOLUME).",
    access: "viewer",
    responses: { 200: volumeListSchema },
  },
  async () => Response.json(await listVolumes()),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/volumes",
    summary: "Create a volume (docker volume create)",
    description:
      "Without a name the engine names the volume. A name that exists already is a 409 (the engine would hand back the existing volume).",
    access: "operator",
    body: createVolumeBodySchema,
    responses: { 201: createdVolumeSchema },
    errors: ["conflict:volume", "bad_request:volume"],
  },
  async ({ body, actor }) => Response.json(await createVolume({ request: body, actor }), { status: 201 }),
);

import { removeEngine, updateEngine } from "@/lib/engines/actions";
import { getEngine } from "@/lib/engines/queries";
import { engineIdParamsSchema, engineViewSchema, removedEngineSchema, updateEngineBodySchema } from "@/lib/engines/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/engines/{id}",
    summary: "One engine, with its health",
    access: "viewer",
    params: engineIdParamsSchema,
    responses: { 200: engineViewSchema },
    errors: ["not_found:engine"],
  },
  async ({ params }) => Response.json(await getEngine(params.id)),
);

export const PATCH = route(
  {
    method: "PATCH",
    path: "/api/engines/{id}",
    summary: "Rename an engine or change how it is reached",
    description:
      "Any of `name`, `host`, `tls` (`null` drops it), `sshKey`. A changed connection is pinged first (400 naming what failed); the engine's client and event stream move to it. The default engine is DOCKER_HOST's and cannot be changed here. Audited as `engine.update`.",
    access: "admin",
    params: engineIdParamsSchema,
    body: updateEngineBodySchema,
    responses: { 200: engineViewSchema },
    errors: ["not_found:engine", "bad_request:engine", "conflict:engine"],
  },
  async ({ params, body, actor }) => Response.json(await updateEngine({ id: params.id, changes: body, actor })),
);

export const DELETE = route(
  {
    method: "DELETE",
    path: "/api/engines/{id}",
    summary: "Forget an engine",
    description:
      "The dashboard forgets the engine and its sealed TLS material or ssh key; nothing on the engine changes. Users who worked on it fall back to the default engine. Audited as `engine.remove`.",
    access: "admin",
    params: engineIdParamsSchema,
    responses: { 200: removedEngineSchema },
    errors: ["not_found:engine", "bad_request:engine"],
  },
  async ({ params, actor }) => {
    await removeEngine({ id: params.id, actor });
    return Response.json({ ok: true });
  },
);

import { setCurrentEngine } from "@/lib/engines/actions";
import { currentEngineIdOf } from "@/lib/engines/queries";
import { currentEngineSchema, setCurrentEngineBodySchema } from "@/lib/engines/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/engines/current",
    summary: "The engine the signed-in user works on",
    description: "The one last chosen with PUT, or `default` (also for a removed engine and for API tokens).",
    access: "viewer",
    responses: { 200: currentEngineSchema },
  },
  async ({ principal }) => Response.json({ engineId: await currentEngineIdOf(principal.kind === "user" ? principal.id : null) }),
);

export const PUT = route(
  {
    method: "PUT",
    path: "/api/engines/current",
    summary: "Switch the engine the signed-in user works on",
    description:
      "Remembered per user (the header's engine switcher); the browser then sends `?engine=<id>` with every engine-scoped request. An unknown engine is a 404; an API token has none to remember (400): it sends `?engine=`.",
    access: "viewer",
    body: setCurrentEngineBodySchema,
    responses: { 200: currentEngineSchema },
    errors: ["not_found:engine", "bad_request:engine"],
  },
  async ({ principal, body }) =>
    Response.json(await setCurrentEngine({ userId: principal.kind === "user" ? principal.id : null, engineId: body.engineId })),
);

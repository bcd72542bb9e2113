import { authenticateRequest } from "@/lib/auth/authenticate";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { DEFAULT_ENGINE_ID, eventsQuerySchema } from "@/lib/events/schemas";
import { serverSentEvents } from "@/lib/events/sse";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/events",
    summary: "The engine's events, live (Server-Sent Events)",
    description:
      "A `text/event-stream` of `data: {type, action, id, name, time, engine}` for every image, container, volume and network event on the engine (`name` is what the engine names: the reference of a tag or untag, the container's name), and `engine-state` events (`action: up|down`, `reason` when down); the first one says the engine's current state. A comment line every 15 s keeps the stream open; it ends when the client leaves, and within 5 s of its session ending (sign-out, expiry, revocation). Every viewer shares one subscription to the engine. `engine` may only be `default` today (the engine at DOCKER_HOST); any other id is a 404.",
    access: "viewer",
    query: eventsQuerySchema,
    responses: { 200: { description: "Server-Sent Events until the client leaves", contentType: "text/event-stream" } },
    errors: ["not_found:engine"],
  },
  async ({ request, query }) => {
    const engine = query.engine ?? DEFAULT_ENGINE_ID;
    if (engine !== DEFAULT_ENGINE_ID) {
      throw new AppError("not_found:engine", `No engine with id ${engine}: this dashboard has one engine, "${DEFAULT_ENGINE_ID}".`);
    }
    // The stream outlives the request's check: it asks again while open and ends once the session
    // is signed out, expired or revoked, or the user disabled.
    const stillAllowed = async () => {
      const authentication = await authenticateRequest(request);
      return authentication !== null && hasRole(authentication.principal.role, "viewer");
    };
    return new Response(serverSentEvents(engine, { stillAllowed }), {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store, no-transform",
        // Tells a buffering reverse proxy (nginx) to pass each event on at once.
        "x-accel-buffering": "no",
      },
    });
  },
);

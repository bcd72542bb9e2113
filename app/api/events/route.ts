import { authenticateRequest } from "@/lib/auth/authenticate";
import { hasRole } from "@/lib/auth/roles";
import { currentEngine, DEFAULT_ENGINE_ID } from "@/lib/docker/client";
import { resolveEngine } from "@/lib/engines/queries";
import { serverSentEvents } from "@/lib/events/sse";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/events",
    summary: "An engine's events, live (Server-Sent Events)",
    description:
      "A `text/event-stream` of `data: {type, action, id, name, time, engine}` for every image, container, volume and network event on the engine `?engine=` names (the default engine when absent; an unknown id is a 404), where `name` is what the engine names: the reference of a tag or untag, the container's name; and `engine-state` events (`action: up|down`, `reason` when down); the first one says the engine's current state. A comment line every 15 s keeps the stream open; it ends when the client leaves, within 5 s of its session ending (sign-out, expiry, revocation), and within 5 s of its engine being removed. Every viewer of an engine shares one subscription to it.",
    access: "viewer",
    responses: { 200: { description: "Server-Sent Events until the client leaves", contentType: "text/event-stream" } },
    errors: ["not_found:engine"],
  },
  async ({ request }) => {
    // route() runs this on the engine `?engine=` names.
    const engine = currentEngine().id;
    // The stream outlives the request's check: it asks again while open and ends once the session
    // is signed out, expired or revoked, the user disabled, or the engine removed.
    const stillAllowed = async () => {
      const authentication = await authenticateRequest(request);
      if (authentication === null || !hasRole(authentication.principal.role, "viewer")) return false;
      if (engine === DEFAULT_ENGINE_ID) return true;
      return resolveEngine(engine).then(
        () => true,
        () => false,
      );
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

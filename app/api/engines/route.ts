import { addEngine } from "@/lib/engines/actions";
import { currentEngineIdOf, listEngines } from "@/lib/engines/queries";
import { createEngineBodySchema, engineListSchema, engineViewSchema } from "@/lib/engines/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/engines",
    summary: "Every engine, with its health",
    description:
      "The default engine (DOCKER_HOST's, id `default`) first, then the added ones by name, each looked at afresh: `state` up with version, API version, OS and storage driver, or down with `reason` (refused, tls, timeout, not-docker, authentication, unreachable) and `error`. All engines are asked at once, each within 2.5 s, so a down engine does not hold the list back. `kind` is `podman` when the engine names Podman in its version. Never TLS keys or ssh keys. `current` is the engine the signed-in user last switched to.",
    access: "viewer",
    responses: { 200: engineListSchema },
  },
  async ({ principal }) =>
    Response.json(await listEngines({ current: await currentEngineIdOf(principal.kind === "user" ? principal.id : null) })),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/engines",
    summary: "Add an engine",
    description:
      "`host` is `unix:///path/to/docker.sock` (a Docker or Podman API socket), `tcp://host:port` (with `tls`: the CA, client certificate and key as PEM text) or `ssh://user@host[:port]` (with `sshKey`). The engine is pinged first: a 400 names what failed (refused, TLS error, timeout, not a Docker API) and nothing is saved. TLS material and the ssh key are sealed at rest and never shown again. Audited as `engine.add` with its `docker context create` line.",
    access: "admin",
    body: createEngineBodySchema,
    responses: { 201: engineViewSchema },
    errors: ["bad_request:engine", "conflict:engine"],
  },
  async ({ body, actor }) => Response.json(await addEngine({ ...body, actor }), { status: 201 }),
);

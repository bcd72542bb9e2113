import { buildImage } from "@/lib/builds/actions";
import { MAX_BUILD_JSON_BYTES, readLimitedText } from "@/lib/builds/context";
import { buildOptionsOf } from "@/lib/builds/options";
import { listBuilds } from "@/lib/builds/queries";
import {
  buildEventSchema,
  buildFailureSchema,
  buildJsonBodySchema,
  buildListQuerySchema,
  buildPageSchema,
  buildQuerySchema,
  buildRemoteBodySchema,
  buildResultSchema,
} from "@/lib/builds/schemas";
import { BadRequestError } from "@/lib/errors";
import { streamedOperation } from "@/lib/http/contract";
import { operationResponse } from "@/lib/http/ndjson";
import { parseInput } from "@/lib/http/parse";
import { requestBodyStream } from "@/lib/http/request-body";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/builds",
    summary: "Build an image from a Dockerfile (docker build)",
    description:
      'The body is the build context, a tar or tar.gz archive streamed to the engine, or JSON `{"dockerfile": "FROM …", "files": {"name": "content"}}` packed into one by the server, or JSON `{"remote": "https://…"}` that the engine fetches (a tarball, a Dockerfile or a git repository). Podman engines are refused (409): they have no classic builder. Options are query parameters (repeat `tag`, `buildarg` and `label` for several). Built with the classic builder, so every step has its image. Every build is kept (GET /api/builds/{id}); the answer and the first NDJSON line (`{"type": "build", "id"}`) carry its `id`. Each rebuilt step says why it missed the cache (`cacheMiss`). A failing step answers 422 `{error, id, step: {index, instruction}, lastImageId, logTail}`; a cancelled build 409.',
    access: "operator",
    query: buildQuerySchema,
    rawBody: {
      description: "The build context as a tar archive (plain or gzip), or JSON {dockerfile, files}, or JSON {remote}",
      contentTypes: ["application/x-tar", "application/gzip", "application/json"],
    },
    responses: {
      201: streamedOperation("The built image, its steps and cache hits", buildResultSchema, buildEventSchema),
      422: { description: "A step failed", schema: buildFailureSchema },
    },
    errors: ["bad_request:build", "bad_request:archive", "too_large:body", "unprocessable:build", "conflict:build", "unavailable:database"],
  },
  async ({ request, query, actor }) => {
    const options = buildOptionsOf(query);
    if ((request.headers.get("content-type") ?? "").startsWith("application/json")) {
      let json: unknown;
      try {
        json = JSON.parse(await readLimitedText(request.body, MAX_BUILD_JSON_BYTES));
      } catch (error) {
        if (error instanceof SyntaxError) throw new BadRequestError("body", "The request body must be JSON.");
        throw error;
      }
      if (typeof json === "object" && json !== null && "remote" in json) {
        const { remote } = parseInput(buildRemoteBodySchema, json, "body");
        return operationResponse(
          request,
          await buildImage({ input: { source: "remote", remote }, options, actor, signal: request.signal }),
          201,
        );
      }
      const body = parseInput(buildJsonBodySchema, json, "body");
      const input = { source: "typed" as const, dockerfile: body.dockerfile, files: body.files ?? {} };
      return operationResponse(request, await buildImage({ input, options, actor, signal: request.signal }), 201);
    }
    if (!request.body)
      throw new BadRequestError(
        "archive",
        'The request has no body: send the build context as a tar archive, or JSON {"dockerfile": ...}.',
      );
    return operationResponse(
      request,
      await buildImage({ input: { source: "upload", body: requestBodyStream(request.body) }, options, actor, signal: request.signal }),
      201,
    );
  },
);

export const GET = route(
  {
    method: "GET",
    path: "/api/builds",
    summary: "Build history, newest first",
    description:
      "Every build run through the dashboard with who ran it, its outcome, image, tags, steps and cache hits. Page with `cursor` (the previous page's `nextCursor`); filter by `outcome` or `tag`.",
    access: "viewer",
    query: buildListQuerySchema,
    responses: { 200: buildPageSchema },
    errors: ["bad_request:cursor"],
  },
  async ({ query }) => Response.json(await listBuilds(query)),
);

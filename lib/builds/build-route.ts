import "server-only";
import type { Readable } from "node:stream";
import { buildImage, type BuildOperation } from "@/lib/builds/actions";
import { MAX_BUILD_JSON_BYTES, readLimitedBuildText } from "@/lib/builds/context";
import { buildOptionsOf, withBodyOptions } from "@/lib/builds/options";
import {
  buildEventSchema,
  buildFailureSchema,
  buildJsonBodySchema,
  buildQuerySchema,
  buildRemoteBodySchema,
  buildResultSchema,
} from "@/lib/builds/schemas";
import type { BuildQuery } from "@/lib/builds/types";
import { BadRequestError } from "@/lib/errors";
import { defineContract, streamedOperation } from "@/lib/http/contract";
import { hasRequestBody, nodeRoute, sendOperation } from "@/lib/http/node-route";
import { parseInput } from "@/lib/http/parse";

// POST /api/builds: its contract (the Next route module uses it too) and its Node handler, which
// the custom server (scripts/server.mjs) serves it with, so that an uploaded context is the Node
// request itself, piped to the engine (lib/http/node-route).

export const buildImageContract = defineContract({
  method: "POST",
  path: "/api/builds",
  summary: "Build an image from a Dockerfile (docker build)",
  description:
    'The body is the build context, a tar or tar.gz archive streamed to the engine, or JSON `{"dockerfile": "FROM …", "files": {"name": "content"}}` packed into one by the server, or JSON `{"remote": "https://…"}` that the engine fetches (a tarball, a Dockerfile or a git repository). Podman engines are refused (409): they have no classic builder. Options are query parameters (repeat `tag`, `buildarg` and `label` for several); a JSON body may carry them too (`tags`, `buildArgs`, `labels`, `target`, `nocache`, `pull`, `memory`, `cpushares`, `cpusetcpus`; in a typed body `dockerfile` is the Dockerfile text), lists in the query are added to those of the body and single values in the query win. Built with the classic builder, so every step has its image. Every build is kept (GET /api/builds/{id}); the answer and the first NDJSON line (`{"type": "build", "id"}`) carry its `id`. Each rebuilt step says why it missed the cache (`cacheMiss`). A failing step answers 422 `{error, id, step: {index, instruction}, lastImageId, logTail}`; a cancelled build 409.',
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
});

export const NO_BUILD_CONTEXT = 'The request has no body: send the build context as a tar archive, or JSON {"dockerfile": ...}.';

/** A build from a JSON body (a typed Dockerfile with its files, or a remote context), read whole up to its limit. */
export async function buildFromJsonBody({
  body,
  query,
  actor,
  signal,
}: {
  body: ReadableStream<Uint8Array> | Readable | null;
  query: BuildQuery;
  actor: string;
  signal: AbortSignal;
}): Promise<BuildOperation> {
  let json: unknown;
  try {
    json = JSON.parse(await readLimitedBuildText(body, MAX_BUILD_JSON_BYTES));
  } catch (error) {
    if (error instanceof SyntaxError) throw new BadRequestError("body", "The request body must be JSON.");
    throw error;
  }
  if (typeof json === "object" && json !== null && "remote" in json) {
    const { remote, ...bodyOptions } = parseInput(buildRemoteBodySchema, json, "body");
    const options = buildOptionsOf(withBodyOptions(query, bodyOptions));
    return buildImage({ input: { source: "remote", remote }, options, actor, signal });
  }
  const { dockerfile, files, ...bodyOptions } = parseInput(buildJsonBodySchema, json, "body");
  const options = buildOptionsOf(withBodyOptions(query, bodyOptions));
  return buildImage({ input: { source: "typed", dockerfile, files: files ?? {} }, options, actor, signal });
}

export const buildImageNode = nodeRoute(buildImageContract, async ({ req, res, request, query, actor, signal }) => {
  if ((request.headers.get("content-type") ?? "").startsWith("application/json")) {
    return sendOperation({ request, res }, await buildFromJsonBody({ body: req, query, actor, signal }), 201);
  }
  if (!hasRequestBody(req)) throw new BadRequestError("archive", NO_BUILD_CONTEXT);
  const options = buildOptionsOf(query);
  return sendOperation({ request, res }, await buildImage({ input: { source: "upload", body: req }, options, actor, signal }), 201);
});

import { buildImage } from "@/lib/builds/actions";
import { buildFromJsonBody, buildImageContract, NO_BUILD_CONTEXT } from "@/lib/builds/build-route";
import { buildOptionsOf } from "@/lib/builds/options";
import { listBuilds } from "@/lib/builds/queries";
import { buildListQuerySchema, buildPageSchema } from "@/lib/builds/schemas";
import { BadRequestError } from "@/lib/errors";
import { operationResponse } from "@/lib/http/ndjson";
import { requestBodyStream } from "@/lib/http/request-body";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// `npm start` serves this path from its Node handler (buildImageNode, scripts/server.ts).
export const POST = route(buildImageContract, async ({ request, query, actor }) => {
  if ((request.headers.get("content-type") ?? "").startsWith("application/json")) {
    return operationResponse(request, await buildFromJsonBody({ body: request.body, query, actor, signal: request.signal }), 201);
  }
  if (!request.body) throw new BadRequestError("archive", NO_BUILD_CONTEXT);
  const options = buildOptionsOf(query);
  return operationResponse(
    request,
    await buildImage({ input: { source: "upload", body: requestBodyStream(request.body) }, options, actor, signal: request.signal }),
    201,
  );
});

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

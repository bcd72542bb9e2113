import { rebuildBuild } from "@/lib/builds/actions";
import { buildEventSchema, buildFailureSchema, buildIdParamsSchema, buildResultSchema } from "@/lib/builds/schemas";
import { streamedOperation } from "@/lib/http/contract";
import { operationResponse } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/builds/{id}/rebuild",
    summary: "Run a stored build again",
    description:
      "The same Dockerfile, files (or URL) and options, as a new build with its own history row; answers as POST /api/builds does. An uploaded archive is not kept: 409 asking for the context again.",
    access: "operator",
    params: buildIdParamsSchema,
    responses: {
      201: streamedOperation("The built image, its steps and cache hits", buildResultSchema, buildEventSchema),
      422: { description: "A step failed", schema: buildFailureSchema },
    },
    errors: ["not_found:build", "conflict:build", "unprocessable:build"],
  },
  async ({ request, params, actor }) =>
    operationResponse(request, await rebuildBuild({ id: params.id, actor, signal: request.signal }), 201),
);

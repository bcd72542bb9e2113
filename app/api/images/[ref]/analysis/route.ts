import { streamedOperation } from "@/lib/http/contract";
import { operationResponse } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";
import { analyseImageOperation } from "@/lib/layers/actions";
import { analysisProgressLineSchema, analysisQuerySchema, analysisRefParamsSchema, layerAnalysisSchema } from "@/lib/layers/schemas";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/images/{ref}/analysis",
    summary: "What each layer of an image holds, wastes, and how to fix it",
    description:
      'Computed on the first request (the image is streamed once with docker save; layers already analysed for another image are skipped) and then answered from the store. With `Accept: application/x-ndjson`: progress lines, then `{"result": …}`. Any of `lowestEfficiency`, `highestWastedBytes` (e.g. `20MB`) or `highestUserWastedPercent` (dive\'s CI rules, `disabled` allowed) adds `ci: {pass, failures}`.',
    access: "viewer",
    params: analysisRefParamsSchema,
    query: analysisQuerySchema,
    responses: { 200: streamedOperation("The layer analysis", layerAnalysisSchema, analysisProgressLineSchema) },
    errors: ["bad_request:reference", "not_found:image", "upstream:image"],
  },
  async ({ request, params, query }) => operationResponse(request, analyseImageOperation({ ref: params.ref, query })),
);

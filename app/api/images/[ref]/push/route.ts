import { streamedOperation } from "@/lib/http/contract";
import { operationResponse } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";
import { imageRefParamsSchema, pushedImageSchema } from "@/lib/images/schemas";
import { pushImage } from "@/lib/images/actions";
import { progressLineSchema } from "@/lib/progress/schemas";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/images/{ref}/push",
    summary: "Push an image (docker push)",
    description: "Uses the saved credentials of the reference's registry.",
    access: "operator",
    params: imageRefParamsSchema,
    responses: { 200: streamedOperation("The pushed reference and its digest", pushedImageSchema, progressLineSchema) },
    errors: ["upstream:registry_login", "upstream:registry", "unavailable:registry"],
  },
  async ({ request, params, actor }) => operationResponse(request, await pushImage({ ref: params.ref, actor })),
);

import { streamedOperation } from "@/lib/http/contract";
import { operationResponse } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";
import { pulledImageSchema, pullImageBodySchema } from "@/lib/images/schemas";
import { pullImage } from "@/lib/images/actions";
import { progressLineSchema } from "@/lib/progress/schemas";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/images/pull",
    summary: "Pull an image (docker pull)",
    description: "Uses the saved credentials of the reference's registry, if any.",
    access: "operator",
    body: pullImageBodySchema,
    responses: { 200: streamedOperation("The pulled reference, its ID and digest", pulledImageSchema, progressLineSchema) },
    errors: ["bad_request:reference", "upstream:registry_login", "upstream:registry", "unavailable:registry"],
  },
  async ({ request, body, actor }) => operationResponse(request, await pullImage({ reference: body.reference, actor })),
);

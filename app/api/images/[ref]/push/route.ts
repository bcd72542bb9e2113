import { operationResponse } from "@/lib/http/ndjson";
import { decodeParam, route } from "@/lib/http/route";
import { pushImage } from "@/lib/images/transfer-actions";

export const dynamic = "force-dynamic";

/**
 * POST /api/images/{ref}/push (operator): `docker push` with the saved credentials of the
 * reference's registry. JSON result, or progress lines with `Accept: application/x-ndjson`.
 */
export const POST = route<{ ref: string }>({ role: "operator" }, async (request, { params, actor }) =>
  operationResponse(request, await pushImage({ ref: decodeParam(params.ref), actor })),
);

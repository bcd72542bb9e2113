import { z } from "zod";
import { operationResponse } from "@/lib/http/ndjson";
import { readJsonBody, route } from "@/lib/http/route";
import { pullImage } from "@/lib/images/transfer-actions";

export const dynamic = "force-dynamic";

const pullBodySchema = z.object({ reference: z.string({ error: "reference is required" }).min(1, "reference is required").max(512) });

/**
 * POST /api/images/pull {"reference"} (operator): `docker pull`. JSON result, or per-layer progress
 * as JSON lines with `Accept: application/x-ndjson`.
 */
export const POST = route({ role: "operator" }, async (request, { actor }) => {
  const { reference } = await readJsonBody(request, pullBodySchema);
  return operationResponse(request, await pullImage({ reference, actor }));
});

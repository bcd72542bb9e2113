import { copyImage } from "@/lib/fleet/actions";
import { copyImageContract } from "@/lib/fleet/copy-route";
import { operationResponse, wantsStream } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// `npm start` serves this path from its Node handler (copyImageNode, scripts/server.ts).
export const POST = route(copyImageContract, async ({ request, params, body, actor }) =>
  operationResponse(request, await copyImage({ ref: params.ref, to: body.to, actor, progress: wantsStream(request) })),
);

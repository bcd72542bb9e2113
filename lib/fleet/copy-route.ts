import "server-only";
import { copyImage } from "@/lib/fleet/actions";
import { copiedImageSchema, copyImageBodySchema } from "@/lib/fleet/schemas";
import { defineContract, streamedOperation } from "@/lib/http/contract";
import { wantsStream } from "@/lib/http/ndjson";
import { nodeRoute, sendOperation } from "@/lib/http/node-route";
import { imageRefParamsSchema } from "@/lib/images/schemas";
import { progressLineSchema } from "@/lib/progress/schemas";

// The copy between engines: its contract (the Next route module uses it too) and its Node handler,
// which the custom server (scripts/server.mjs) serves it with (lib/http/node-route).

export const copyImageContract = defineContract({
  method: "POST",
  path: "/api/images/{ref}/copy",
  summary: "Copy an image to another engine (docker save | docker -H … load)",
  description:
    "The image goes from the request's engine (`?engine=`, the default engine when absent) to the engine `to`, streamed from the source's `docker save` into the target's `docker load` without being held. With Accept: application/x-ndjson, progress lines give the bytes copied of the image's size (`Copying`), then the target's load messages.",
  access: "operator",
  params: imageRefParamsSchema,
  body: copyImageBodySchema,
  responses: {
    200: streamedOperation(
      "The image ID (the same on both engines), the target and the bytes copied",
      copiedImageSchema,
      progressLineSchema,
    ),
  },
  errors: ["bad_request:engine", "not_found:engine", "not_found:image", "unavailable:engine", "upstream:image"],
});

export const copyImageNode = nodeRoute(copyImageContract, async ({ res, request, params, body, actor }) =>
  sendOperation({ request, res }, await copyImage({ ref: params.ref, to: body.to, actor, progress: wantsStream(request) })),
);

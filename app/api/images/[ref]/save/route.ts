import { downloadResponse } from "@/lib/http/download";
import { route } from "@/lib/http/route";
import { imageRefParamsSchema } from "@/lib/images/schemas";
import { saveImage } from "@/lib/images/actions";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/images/{ref}/save",
    summary: "Download an image (docker save)",
    access: "operator",
    params: imageRefParamsSchema,
    responses: { 200: { description: "The docker save archive, streamed", contentType: "application/x-tar" } },
    errors: ["not_found:image"],
  },
  async ({ params, actor }) => {
    const { stream, filename } = await saveImage({ ref: params.ref, actor });
    return downloadResponse(stream, filename);
  },
);

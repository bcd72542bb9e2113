import { downloadResponse } from "@/lib/http/download";
import { decodeParam, route } from "@/lib/http/route";
import { saveImage } from "@/lib/images/transfer-actions";

export const dynamic = "force-dynamic";

/** GET /api/images/{ref}/save (operator): `docker save` as a tar download, streamed. */
export const GET = route<{ ref: string }>({ role: "operator" }, async (_request, { params, actor }) => {
  const { stream, filename } = await saveImage({ ref: decodeParam(params.ref), actor });
  return downloadResponse(stream, filename);
});

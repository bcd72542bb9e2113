import { downloadResponse } from "@/lib/http/download";
import { route } from "@/lib/http/route";
import { saveImage } from "@/lib/images/actions";
import { saveImageContract } from "@/lib/images/transfer-routes";

export const dynamic = "force-dynamic";

// `npm start` serves this path from its Node handler (saveImageNode, scripts/server.ts).
export const GET = route(saveImageContract, async ({ params, actor }) => {
  const { stream, filename } = await saveImage({ ref: params.ref, actor });
  return downloadResponse(stream, filename);
});

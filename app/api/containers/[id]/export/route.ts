import { downloadResponse } from "@/lib/http/download";
import { route } from "@/lib/http/route";
import { exportContainer } from "@/lib/images/actions";
import { exportContainerContract } from "@/lib/images/transfer-routes";

export const dynamic = "force-dynamic";

// `npm start` serves this path from its Node handler (exportContainerNode, scripts/server.ts).
export const GET = route(exportContainerContract, async ({ params, actor }) => {
  const { stream, filename } = await exportContainer({ id: params.id, actor });
  return downloadResponse(stream, filename);
});

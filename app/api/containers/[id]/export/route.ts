import { downloadResponse } from "@/lib/http/download";
import { route } from "@/lib/http/route";
import { exportContainer } from "@/lib/images/transfer-actions";

export const dynamic = "force-dynamic";

/** GET /api/containers/{id}/export (operator): `docker export`, the container's filesystem as a tar. */
export const GET = route<{ id: string }>({ role: "operator" }, async (_request, { params, actor }) => {
  const { stream, filename } = await exportContainer({ id: params.id, actor });
  return downloadResponse(stream, filename);
});

import { containerIdParamsSchema } from "@/lib/containers/schemas";
import { downloadResponse } from "@/lib/http/download";
import { route } from "@/lib/http/route";
import { exportContainer } from "@/lib/images/actions";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/containers/{id}/export",
    summary: "Download a container's filesystem (docker export)",
    access: "operator",
    params: containerIdParamsSchema,
    responses: { 200: { description: "The container's filesystem as a tar, streamed", contentType: "application/x-tar" } },
    errors: ["not_found:container"],
  },
  async ({ params, actor }) => {
    const { stream, filename } = await exportContainer({ id: params.id, actor });
    return downloadResponse(stream, filename);
  },
);

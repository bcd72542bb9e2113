import { z } from "zod";
import { readJsonBody, route } from "@/lib/http/route";
import { commitContainer } from "@/lib/images/transfer-actions";

export const dynamic = "force-dynamic";

const commitBodySchema = z.object({
  repo: z.string().max(255).optional(),
  tag: z.string().max(128).optional(),
  message: z.string().max(1000).optional(),
  author: z.string().max(255).optional(),
  pause: z.boolean().optional(),
  changes: z.array(z.string().max(1000)).max(50).optional(),
});

/** POST /api/containers/{id}/commit {"repo","tag","message","author","pause","changes"} (operator): 201 with the image ID. */
export const POST = route<{ id: string }>({ role: "operator" }, async (request, { params, actor }) => {
  const body = await readJsonBody(request, commitBodySchema);
  return Response.json(await commitContainer({ container: params.id, ...body, actor }), { status: 201 });
});

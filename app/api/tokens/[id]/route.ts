import { revokeApiToken } from "@/lib/auth/api-tokens";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** DELETE /api/tokens/{id} (admin): revokes the token at once. */
export const DELETE = route<{ id: string }>({ role: "admin" }, async (_request, { params, principal }) =>
  Response.json(await revokeApiToken({ id: params.id, actor: principal! })),
);

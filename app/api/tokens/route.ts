import { createApiToken, createTokenSchema, listApiTokens } from "@/lib/auth/api-tokens";
import { readJsonBody, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/tokens (admin): every API token (never the secret). */
export const GET = route({ role: "admin" }, async () => Response.json({ tokens: await listApiTokens() }));

/** POST /api/tokens {"name","role"} (admin): 201 with the token, shown this once. */
export const POST = route({ role: "admin" }, async (request, { principal }) => {
  const body = await readJsonBody(request, createTokenSchema);
  const created = await createApiToken({ ...body, actor: principal! });
  return Response.json({ token: created.token, apiToken: created.apiToken }, { status: 201 });
});

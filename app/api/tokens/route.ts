import { createApiToken } from "@/lib/auth/actions";
import { listApiTokens } from "@/lib/auth/queries";
import { apiTokenListSchema, createdApiTokenSchema, createTokenBodySchema } from "@/lib/auth/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/tokens",
    summary: "Every API token",
    description: "Revoked ones included; never the secret.",
    access: "admin",
    responses: { 200: apiTokenListSchema },
  },
  async () => Response.json({ tokens: await listApiTokens() }),
);

export const POST = route(
  {
    method: "POST",
    path: "/api/tokens",
    summary: "Create an API token",
    description:
      "The token is in this answer only; the dashboard keeps its hash. Only a signed-in admin can create one (not another token).",
    access: "admin",
    body: createTokenBodySchema,
    responses: { 201: createdApiTokenSchema },
    errors: ["forbidden:token"],
  },
  async ({ body, principal }) => Response.json(await createApiToken({ ...body, actor: principal }), { status: 201 }),
);

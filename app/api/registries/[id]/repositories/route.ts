import { listRepositories } from "@/lib/registries/v2-client";
import { registryCredentials } from "@/lib/registries/registries";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/registries/{id}/repositories (operator): the registry's catalog. */
export const GET = route<{ id: string }>({ role: "operator" }, async (_request, { params }) =>
  Response.json({ repositories: await listRepositories(await registryCredentials(params.id)) }),
);

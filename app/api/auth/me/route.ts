import { describeMe } from "@/lib/auth/queries";
import { meSchema } from "@/lib/auth/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    method: "GET",
    path: "/api/auth/me",
    summary: "Who the caller is",
    description: "A signed-in user or an API token, and its role.",
    access: "viewer",
    responses: { 200: meSchema },
  },
  async ({ principal }) => Response.json(describeMe(principal)),
);

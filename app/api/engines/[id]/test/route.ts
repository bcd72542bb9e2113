import { testEngine } from "@/lib/engines/actions";
import { engineIdParamsSchema, engineViewSchema } from "@/lib/engines/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/engines/{id}/test",
    summary: "Test an engine now",
    description:
      "A fresh look at the engine: 200 either way, `state` up with its version, OS and storage driver, or down with `reason` and `error` (a down engine is an answer here, not a failure).",
    access: "admin",
    params: engineIdParamsSchema,
    responses: { 200: engineViewSchema },
    errors: ["not_found:engine"],
  },
  async ({ params }) => Response.json(await testEngine({ id: params.id })),
);

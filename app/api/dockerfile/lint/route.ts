import { lintDockerfileText, readDockerfileBody } from "@/lib/dockerfile/queries";
import { lintResultSchema, MAX_DOCKERFILE_BYTES } from "@/lib/dockerfile/schemas";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(
  {
    method: "POST",
    path: "/api/dockerfile/lint",
    summary: "Lint a Dockerfile",
    description: `The body is the Dockerfile's text (at most ${MAX_DOCKERFILE_BYTES / 1024} KiB). Each finding has its 1-based line, a severity, a message and the matching hadolint rule ID where one exists.`,
    access: "viewer",
    rawBody: { description: "The Dockerfile", contentTypes: ["text/plain"] },
    responses: { 200: lintResultSchema },
    errors: ["bad_request:dockerfile", "too_large:body"],
  },
  async ({ request }) => Response.json(lintDockerfileText(await readDockerfileBody(request))),
);

import "@/lib/testing/next-server-layer";
import type { OpenApiDocument } from "@/lib/openapi/document";

/**
 * The API's OpenAPI document, built in this process from the route index exactly as
 * `GET /api/openapi.json` builds it: for tests that check answers against it without a server.
 *
 * @example
 * const document = await loadApiDocument();
 * await assertResponseMatches(document, response, { method: "GET", path: "/api/images" }); // lib/openapi/validate.ts
 */
export async function loadApiDocument(): Promise<OpenApiDocument> {
  const { apiDocument } = await import("@/app/api/openapi.json/routes");
  return apiDocument();
}

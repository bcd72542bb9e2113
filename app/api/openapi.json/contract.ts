import { z } from "zod";
import { defineContract } from "@/lib/http/contract";

/**
 * `GET /api/openapi.json`, declared apart from its handler so that the route index can list it
 * without importing the route that imports the index.
 */
export const openApiDocumentContract = defineContract({
  method: "GET",
  path: "/api/openapi.json",
  summary: "This API, as an OpenAPI 3.1 document",
  description:
    "Generated from the routes' own schemas. Readable without signing in: it describes the API and holds no data. The dashboard's API page renders it.",
  access: "public",
  responses: {
    200: z.looseObject({
      openapi: z.string(),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.record(z.string(), z.record(z.string(), z.unknown())),
      components: z.looseObject({}),
    }),
  },
});

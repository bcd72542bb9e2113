import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { contractsOf, handlersOf } from "@/lib/openapi/route-index";

const contract = { method: "GET", path: "/api/things/{id}", summary: "A thing", access: "viewer", responses: { 200: z.object({}) } };
const handler = Object.assign(async () => new Response(), { contract });

test("a module's handlers are its method exports; an old-style or missing contract is null", () => {
  const routeModule = {
    GET: handler,
    POST: Object.assign(async () => new Response(), { contract: { role: "viewer" } }),
    DELETE: async () => new Response(),
    dynamic: "force-dynamic",
  };
  assert.deepEqual(handlersOf("app/api/things/[id]/route.ts", routeModule), [
    { file: "app/api/things/[id]/route.ts", exportName: "GET", contract },
    { file: "app/api/things/[id]/route.ts", exportName: "POST", contract: null },
    { file: "app/api/things/[id]/route.ts", exportName: "DELETE", contract: null },
  ]);
  assert.deepEqual(contractsOf({ "app/api/things/[id]/route.ts": routeModule }), [contract]);
});

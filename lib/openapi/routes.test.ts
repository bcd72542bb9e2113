import assert from "node:assert/strict";
import path from "node:path";
import { before, test } from "node:test";
import type { OpenApiDocument } from "@/lib/openapi/document";
import { handlersOf, type RouteHandlerEntry, type RouteModule } from "@/lib/openapi/route-index";
import { listApiRoutes } from "@/lib/testing/app-routes";
import "@/lib/testing/next-server-layer";

// The API document is generated from what the route files declare: these tests fail when a route
// would be missing from it or described at the wrong place.

/** Each route file (`app/api/images/[ref]/route.ts`) and the URL pattern Next.js serves it at (`/api/images/{ref}`). */
const patterns = new Map(listApiRoutes().map((route) => [route.file.split(path.sep).join("/"), route.pattern]));
const files = [...patterns.keys()].sort();
const onDisk = new Map<string, RouteModule>();
let index: Readonly<Record<string, RouteModule>> = {};
let document: OpenApiDocument;

before(async () => {
  // Importing a route module connects to nothing: the engine and database clients are made on first use.
  for (const file of files) onDisk.set(file, (await import(path.join(process.cwd(), file))) as RouteModule);
  const routes = await import("@/app/api/openapi.json/routes");
  index = routes.API_ROUTE_MODULES;
  document = routes.apiDocument();
});

function handlers(): RouteHandlerEntry[] {
  return [...onDisk].flatMap(([file, routeModule]) => handlersOf(file, routeModule));
}

test("the route files are found", () => {
  assert.ok(files.length > 10, `found only ${files.join(", ")}`);
  assert.ok(files.includes("app/api/images/[ref]/route.ts"));
});

test("every exported route handler declares a contract: route(contract, handler)", () => {
  const missing = handlers()
    .filter((handler) => handler.contract === null)
    .map((handler) => `${handler.exportName} in ${handler.file}`);
  assert.deepEqual(missing, [], `handlers without a contract (the API document leaves them out):\n  ${missing.join("\n  ")}`);
});

test("every contract's method and path match its export name and its file's place", () => {
  const wrong = handlers().flatMap((handler) => {
    if (!handler.contract) return [];
    const expected = `${handler.exportName} ${patterns.get(handler.file)}`;
    const declared = `${handler.contract.method} ${handler.contract.path}`;
    return declared === expected ? [] : [`${handler.file}: ${handler.exportName} declares ${declared}, expected ${expected}`];
  });
  assert.deepEqual(wrong, [], wrong.join("\n"));
});

test("the route index (app/api/openapi.json/routes.ts) lists every route file, and only those", () => {
  const listed = Object.keys(index).sort();
  const unlisted = files.filter((file) => !listed.includes(file));
  const gone = listed.filter((file) => !files.includes(file));
  assert.deepEqual(unlisted, [], `route files missing from the index: ${unlisted.join(", ")}`);
  assert.deepEqual(gone, [], `index entries with no route file: ${gone.join(", ")}`);
});

test("the index holds the same handlers' contracts as the files", () => {
  const different = [...onDisk].flatMap(([file, routeModule]) => {
    const entry = index[file];
    if (!entry) return [];
    const fromDisk = handlersOf(file, routeModule);
    const fromIndex = handlersOf(file, entry);
    if (fromDisk.map((h) => h.exportName).join() !== fromIndex.map((h) => h.exportName).join()) {
      return [
        `${file}: exports ${fromDisk.map((h) => h.exportName).join(", ")} but the index has ${fromIndex.map((h) => h.exportName).join(", ")}`,
      ];
    }
    return fromDisk.flatMap((handler, i) =>
      handler.contract !== fromIndex[i]!.contract ? [`${file}: ${handler.exportName}'s contract is not the one the index lists`] : [],
    );
  });
  assert.deepEqual(different, [], different.join("\n"));
});

test("the document has an operation for every handler with a contract", () => {
  const absent = handlers().flatMap((handler) => {
    if (!handler.contract) return [];
    const method = handler.contract.method.toLowerCase() as keyof OpenApiDocument["paths"][string];
    return document.paths[handler.contract.path]?.[method] ? [] : [`${handler.contract.method} ${handler.contract.path} (${handler.file})`];
  });
  assert.deepEqual(absent, [], `not in the document: ${absent.join(", ")}`);
  assert.equal(document.paths["/api/openapi.json"]?.get?.["x-access"], "public");
});

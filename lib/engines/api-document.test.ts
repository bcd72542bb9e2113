import assert from "node:assert/strict";
import { test } from "node:test";
import { loadApiDocument } from "@/lib/testing/api-document";

test("the API document lists ?engine= and its 404 on engine-scoped routes only, and the engines routes", async () => {
  const document = await loadApiDocument();
  const engineParameter = (path: string, method: "get" | "post" | "delete" = "get") =>
    document.paths[path]?.[method]?.parameters?.find((parameter) => parameter.in === "query" && parameter.name === "engine");
  for (const path of ["/api/images", "/api/containers", "/api/engine", "/api/events", "/api/volumes", "/api/disk-usage"]) {
    assert.ok(engineParameter(path), path);
    assert.deepEqual(document.paths[path]!.get!.responses["404"]?.["x-error-codes"]?.includes("not_found:engine"), true, path);
  }
  assert.ok(engineParameter("/api/images/{ref}", "delete"));
  for (const path of ["/api/users", "/api/audit", "/api/engines", "/api/registries"]) assert.equal(engineParameter(path), undefined, path);
  assert.deepEqual(Object.keys(document.paths["/api/engines"]!).sort(), ["get", "post"]);
  assert.deepEqual(Object.keys(document.paths["/api/engines/{id}"]!).sort(), ["delete", "get", "patch"]);
  assert.ok(document.paths["/api/engines/{id}/test"]?.post);
  assert.ok(document.paths["/api/engines/current"]?.put);
});

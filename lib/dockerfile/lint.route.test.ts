import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { MAX_DOCKERFILE_BYTES } from "@/lib/dockerfile/schemas";
import type { LintResult } from "@/lib/dockerfile/types";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, routeClient, signInRoute } from "@/lib/testing/route-client";

prepareRouteTests();

describe("POST /api/dockerfile/lint", () => {
  let admin: DashboardClient;
  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });

  const lint = (body: string, headers: Record<string, string> = { "content-type": "text/plain" }) =>
    admin.fetch("/api/dockerfile/lint", { method: "POST", headers, body });

  test("answers the findings of a Dockerfile sent as text, with 1-based lines and hadolint IDs", async () => {
    const response = await lint("FROM busybox\nMAINTAINER me\nRUN dd if=/dev/zero of=/big bs=1M count=5\nRUN rm /big\n");
    assert.equal(response.status, 200);
    const { findings } = (await response.json()) as LintResult;
    assert.deepEqual(
      findings.map((finding) => [finding.rule, finding.line, finding.hadolint]),
      [
        ["from-untagged", 1, "DL3006"],
        ["user-missing", 1, null],
        ["maintainer-deprecated", 2, "DL4000"],
        ["consecutive-run", 4, "DL3059"],
        ["run-deletes-earlier-layer", 4, null],
      ],
    );
    assert.ok(findings.every((finding) => finding.message.length > 10 && ["error", "warning", "info"].includes(finding.severity)));
  });

  test("a clean Dockerfile has no findings", async () => {
    const response = await lint("FROM busybox:1.36\nUSER nobody\n");
    assert.deepEqual(await response.json(), { findings: [] });
  });

  test("an empty body is a 400 that says so", async () => {
    const response = await lint("  \n");
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: string; code: string };
    assert.equal(body.code, "bad_request:dockerfile");
    assert.match(body.error, /empty/);
  });

  test("a body over the limit is a 413", async () => {
    const response = await lint(`FROM busybox:1\n${"# padding\n".repeat(MAX_DOCKERFILE_BYTES / 10 + 1)}`);
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { code: string }).code, "too_large:body");
  });

  test("without a session it is a 401", async () => {
    const response = await routeClient().fetch("/api/dockerfile/lint", { method: "POST", body: "FROM busybox:1\n" });
    assert.equal(response.status, 401);
  });
});

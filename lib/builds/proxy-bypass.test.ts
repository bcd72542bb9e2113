import assert from "node:assert/strict";
import { test } from "node:test";
import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { config } from "@/proxy";

// Next's own matcher compiler (exported by the module, left out of its type declarations).
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers: (matcher: unknown, nextConfig: unknown) => { regexp: string }[];
};

// The request proxy copies every body it sees into memory and cuts it at 10 MB, so the build
// upload must stay out of its matcher, compiled here exactly as Next.js compiles it.
test("the proxy leaves POST /api/builds alone (build contexts are large) and still sees the rest of the API", () => {
  const [matcher] = getMiddlewareMatchers(config.matcher, {});
  const sees = (path: string) => new RegExp(matcher!.regexp).test(path);
  assert.equal(sees("/api/builds"), false);
  assert.equal(sees("/api/images/import"), false);
  assert.equal(sees("/api/dockerfile/lint"), true);
  assert.equal(sees("/api/images"), true);
  assert.equal(sees("/builds"), true);
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { browserUrl, nextStepLine } from "@/lib/start-banner";

describe("start banner", () => {
  test("a wildcard listen address becomes one a browser can open", () => {
    assert.equal(browserUrl("0.0.0.0", 3000), "http://127.0.0.1:3000");
    assert.equal(browserUrl("::", 8080), "http://127.0.0.1:8080");
    assert.equal(browserUrl("127.0.0.1", 3360), "http://127.0.0.1:3360");
    assert.equal(browserUrl("::1", 3000), "http://[::1]:3000");
    assert.equal(browserUrl("dash.internal", 3000), "http://dash.internal:3000");
  });

  test("the next step follows the setup page and the configured admin", () => {
    const url = "http://127.0.0.1:3000";
    assert.equal(
      nextStepLine({ url, setupOpen: true }),
      "Next: open http://127.0.0.1:3000 and create the admin account (the first visit asks for it).",
    );
    assert.equal(nextStepLine({ url, setupOpen: false }), "Next: open http://127.0.0.1:3000 and sign in.");
    assert.match(nextStepLine({ url, setupOpen: false, adminUsername: "ops" }), /sign in as ops/);
    // The configured admin is created on first start, so it is named even before setup closes.
    assert.match(nextStepLine({ url, setupOpen: true, adminUsername: "ops" }), /sign in as ops/);
    assert.equal(nextStepLine({ url, setupOpen: null }), "Next: open http://127.0.0.1:3000.");
  });
});

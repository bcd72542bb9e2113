import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { apiKeys, engineFallback, withEngine } from "@/app/_lib/api-client";
import { pathOnOtherEngine } from "@/app/_lib/engine-switch";

describe("withEngine: the page's engine on engine-scoped addresses", () => {
  test("adds engine= to engine-scoped addresses, with or without a query", () => {
    assert.equal(withEngine("/api/images", "ck1"), "/api/images?engine=ck1");
    assert.equal(withEngine("/api/images?q=web&sort=size", "ck1"), "/api/images?q=web&sort=size&engine=ck1");
    assert.equal(withEngine("/api/containers/web/logs?follow=true", "ck1"), "/api/containers/web/logs?follow=true&engine=ck1");
    assert.equal(withEngine("/api/events", "a b"), "/api/events?engine=a%20b");
  });

  test("keeps a key's fragment after the query", () => {
    assert.equal(withEngine("/api/cleanup/counts#{}", "ck1"), "/api/cleanup/counts?engine=ck1#{}");
  });

  test("leaves the default engine's addresses as they are", () => {
    assert.equal(withEngine("/api/images?q=web", "default"), "/api/images?q=web");
  });

  test("leaves what is the same on every engine alone", () => {
    for (const url of [
      "/api/auth/me",
      "/api/users",
      "/api/tokens/x",
      "/api/audit?engineId=x",
      "/api/engines",
      "/api/engines/current",
      "/api/fleet/images",
    ]) {
      assert.equal(withEngine(url, "ck1"), url);
    }
    // A page address, not the API.
    assert.equal(withEngine("/images", "ck1"), "/images");
  });

  test("an address that names its engine keeps it", () => {
    assert.equal(withEngine("/api/images?engine=other", "ck1"), "/api/images?engine=other");
  });

  test("does not take a route that merely starts like a global one", () => {
    assert.equal(withEngine("/api/enginesx", "ck1"), "/api/enginesx?engine=ck1");
    assert.equal(withEngine("/api/engine", "ck1"), "/api/engine?engine=ck1");
  });

  test("engineFallback offers the server's key and the browser's", () => {
    const fallback = engineFallback("ck1", apiKeys.volume("data"), { name: "data" });
    assert.deepEqual(Object.keys(fallback).sort(), ["/api/volumes/data", "/api/volumes/data?engine=ck1"]);
    assert.deepEqual(Object.keys(engineFallback("default", "/api/volumes/data", 1)), ["/api/volumes/data"]);
  });
});

describe("pathOnOtherEngine: where a switch lands", () => {
  test("an object's page becomes its list: the object is the old engine's", () => {
    assert.equal(pathOnOtherEngine("/images/seed%2Fweb%3A1", ""), "/images");
    assert.equal(pathOnOtherEngine("/containers/web/logs", ""), "/containers");
    assert.equal(pathOnOtherEngine("/volumes/data", ""), "/volumes");
    assert.equal(pathOnOtherEngine("/networks/abc", ""), "/networks");
    assert.equal(pathOnOtherEngine("/images/compare", "?a=x&b=y"), "/images");
  });

  test("any other page stays, without the old engine in its address", () => {
    assert.equal(pathOnOtherEngine("/audit", "?engineId=x&engine=ck1"), "/audit?engineId=x");
    assert.equal(pathOnOtherEngine("/images", "?engine=ck1"), "/images");
    assert.equal(pathOnOtherEngine("/containers/new", "?image=seed%2Fweb%3A1"), "/containers/new?image=seed%2Fweb%3A1");
    assert.equal(pathOnOtherEngine("/builds/abc", ""), "/builds/abc");
  });
});

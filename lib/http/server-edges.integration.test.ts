import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { signIn, TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { startServer, type RunningServer } from "@/lib/testing/server";

// What a new user meets at the edges of the production server (`next build` + `npm start`): paths
// Next's router cannot decode, the public icons, not-found pages, audit cursors, a fresh data folder.

requireSandboxEngine();

async function errorBody(response: Response): Promise<{ error: string; code: string }> {
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  return (await response.json()) as { error: string; code: string };
}

describe("server edges", () => {
  let server: RunningServer;
  let admin: DashboardClient;
  before(async () => {
    server = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST! });
    admin = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
  });
  after(async () => {
    await server?.stop();
  });

  test("an /api/ path with a malformed percent-escape is a JSON 400, signed in or not", async () => {
    for (const [method, apiPath] of [
      ["GET", "/api/images/%E0%A4%A"],
      ["POST", "/api/images/%E0%A4%A/tag"],
      ["GET", "/api/containers/%ZZ"],
      ["POST", "/api/images/import%E0%A4%A"],
    ] as const) {
      for (const client of [admin, null]) {
        const response = client
          ? await client.fetch(apiPath, { method })
          : await fetch(`${server.baseUrl}${apiPath}`, { method, redirect: "manual" });
        assert.equal(response.status, 400, `${method} ${apiPath}`);
        const body = await errorBody(response);
        assert.equal(body.code, "bad_request:path");
        assert.match(body.error, /percent-escape/);
      }
    }
    // A page with one is a 400 too, not a 500.
    assert.equal((await admin.fetch("/images/%E0%A4%A")).status, 400);
  });

  test("the icons and the web manifest are served to anyone, with their content types", async () => {
    const types: Record<string, RegExp> = {
      "/favicon.ico": /^image\/(x-icon|vnd\.microsoft\.icon)/,
      "/apple-touch-icon.png": /^image\/png/,
      "/manifest.webmanifest": /^application\/manifest\+json/,
      "/icon.svg": /^image\/svg\+xml/,
    };
    const bodies: Record<string, Buffer> = {};
    for (const [file, type] of Object.entries(types)) {
      const response = await fetch(`${server.baseUrl}${file}`, { redirect: "manual" });
      assert.equal(response.status, 200, file);
      assert.match(response.headers.get("content-type") ?? "", type, file);
      bodies[file] = Buffer.from(await response.arrayBuffer());
    }
    // A real ICO (reserved 0, type 1, at least one image) and a 180 × 180 PNG.
    const ico = bodies["/favicon.ico"]!;
    assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2)], [0, 1]);
    assert.ok(ico.readUInt16LE(4) >= 1);
    const touch = bodies["/apple-touch-icon.png"]!;
    assert.deepEqual([touch.readUInt32BE(16), touch.readUInt32BE(20)], [180, 180]);
    // Every icon the manifest names is there too.
    const manifest = JSON.parse(bodies["/manifest.webmanifest"]!.toString("utf8")) as { name: string; icons: { src: string }[] };
    assert.ok(manifest.name);
    for (const icon of manifest.icons) {
      assert.equal((await fetch(`${server.baseUrl}${icon.src}`, { redirect: "manual" })).status, 200, icon.src);
    }
    // The sign-in page links them.
    const login = await (await fetch(`${server.baseUrl}/login`)).text();
    assert.match(login, /<link rel="icon" href="\/favicon\.ico"/);
    assert.match(login, /<link rel="apple-touch-icon" href="\/apple-touch-icon\.png"/);
    assert.match(login, /<link rel="manifest" href="\/manifest\.webmanifest"/);
    // Other unknown paths still send an anonymous visitor to sign in.
    const other = await fetch(`${server.baseUrl}/favicon.icon`, { redirect: "manual" });
    assert.equal(other.status, 307);
    assert.match(other.headers.get("location") ?? "", /\/login\?next=/);
  });

  test("the not-found page of an image or a container answers 404; a known one 200", async () => {
    for (const page of ["/images/does-not-exist%3A1", "/images/Not%20A%20Reference"]) {
      const response = await admin.fetch(page);
      assert.equal(response.status, 404, page);
      // The 404 document carries the page in its React payload (rendered in the browser).
      assert.match(await response.text(), /image-not-found/, page);
    }
    const missing = await (await admin.fetch("/images/does-not-exist%3A1")).text();
    assert.match(missing, /does-not-exist:1/);

    const known = await admin.fetch(`/images/${encodeURIComponent("seed/web:1")}`);
    assert.equal(known.status, 200);
    // The list keeps its loading boundary (its fallback travels in the page's React payload); the
    // detail page has none above it, which is what lets its 404 be a status.
    const list = await admin.fetch("/images");
    assert.equal(list.status, 200);
    assert.match(await list.text(), /Loading images/);
    assert.doesNotMatch(await known.text(), /Loading images/);

    for (const page of ["/containers/nonexistent", "/containers/nonexistent/logs", "/containers/-not-a-name"]) {
      const response = await admin.fetch(page);
      assert.equal(response.status, 404, page);
      assert.match(await response.text(), /container-not-found/, page);
    }
    const name = uniqueName("edges");
    docker("create", "--name", name, "--network", "none", "seed/entry:1");
    try {
      assert.equal((await admin.fetch(`/containers/${name}`)).status, 200);
    } finally {
      docker("rm", "-f", name);
    }
  });

  test("an audit cursor that is malformed or no entry is a 400 naming the cursor; the page drops it", async () => {
    for (const cursor of ["<garbage>", "czzzzzzzzzzzzzzzzzzzzzzzz"]) {
      const response = await admin.fetch(`/api/audit?cursor=${encodeURIComponent(cursor)}`);
      assert.equal(response.status, 400, cursor);
      assert.match((await errorBody(response)).error, /cursor/);
    }
    const page = await admin.fetch("/audit?cursor=czzzzzzzzzzzzzzzzzzzzzzzz");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /data-testid="audit-cursor-dropped"/);
  });
});

describe("a data directory that does not exist yet", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-datadir-"));
  const dataDir = path.join(root, "new", "data");
  let server: RunningServer;
  before(async () => {
    fs.mkdirSync(path.join(root, "db"));
    server = await startServer({
      DOCKER_HOST: process.env.DOCKER_HOST!,
      DASHBOARD_DATA_DIR: dataDir,
      // The database elsewhere, so that nothing else creates the data directory first.
      DATABASE_URL: `file:${path.join(root, "db", "dashboard.db")}`,
    });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("is created (mode 0700) at start, and saving a registry (its key file) works", async () => {
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    const admin = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
    await admin.json(
      "/api/registries",
      { method: "POST", body: JSON.stringify({ address: "127.0.0.1:5999", username: "ci", password: "secret-pw" }) },
      201,
    );
    assert.equal(fs.statSync(path.join(dataDir, "secret.key")).mode & 0o777, 0o600);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pack } from "tar-stream";
import { listApiRoutes, listPages, samplePath } from "@/lib/testing/app-routes";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { DashboardClient, signIn, TEST_ADMIN } from "@/lib/testing/http-client";
import { EngineSocketProxy, startServer, type RunningServer } from "@/lib/testing/server";

// What only the real server shows, against `next build` + `next start`: the proxy's anonymous gate
// and redirects, the headers from next.config and the CSP nonce, the upload path the proxy leaves
// out, and that every page renders. Route behaviour (status codes, error bodies, roles, CSRF,
// streams, uploads) is tested in-process in the *.route.test.ts files, without a build.
//
// One server for all of it, started as a fresh install (no ADMIN_USERNAME): the first test runs
// first-run setup, which creates the admin the later tests sign in as. It reaches the engine
// through a socket proxy so one test can take the engine away.

requireSandboxEngine();
const engineSocket = process.env.DOCKER_HOST!.slice("unix://".length);

// /api/health answers load balancers without a sign-in (and without data; ?engines=1 needs a viewer).
const PUBLIC_API = new Set(["POST /api/auth/login", "POST /api/auth/setup", "GET /api/openapi.json", "GET /api/health"]);
const PUBLIC_PAGES = new Set(["/login", "/setup"]);
const SAMPLE_PARAMS: Record<string, string> = {
  ref: encodeURIComponent("seed/web:1"),
  id: "no-such-id",
  action: "start",
  missing: "no/such/page",
};

describe("the production server (next build + next start)", () => {
  let server: RunningServer;
  let admin: DashboardClient;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-proxy-"));
  const proxy = new EngineSocketProxy(path.join(dir, "engine.sock"), engineSocket);
  const cleanup: (() => void)[] = [];

  before(async () => {
    await proxy.open();
    server = await startServer({ DOCKER_HOST: `unix://${proxy.socketPath}`, ADMIN_USERNAME: "", ADMIN_PASSWORD: "" });
  });
  after(async () => {
    await server?.stop();
    await proxy.close();
    fs.rmSync(dir, { recursive: true, force: true });
    for (const step of cleanup.reverse()) {
      try {
        step();
      } catch {
        // already gone
      }
    }
  });

  test("first-run setup: the sign-in page sends to /setup until the first admin exists, then /setup is gone", async () => {
    const login = await fetch(`${server.baseUrl}/login`, { redirect: "manual" });
    assert.ok([302, 303, 307].includes(login.status), "the sign-in page sends to setup while no user exists");
    assert.equal(new URL(login.headers.get("location")!, server.baseUrl).pathname, "/setup");

    const first = await fetch(`${server.baseUrl}/api/auth/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(TEST_ADMIN),
    });
    assert.equal(first.status, 201, await first.clone().text());
    const setupPage = await fetch(`${server.baseUrl}/setup`, { redirect: "manual" });
    assert.ok([302, 303, 307].includes(setupPage.status), "the setup page is gone once a user exists");
    admin = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
  });

  test("the proxy answers 401 JSON to an anonymous caller of every API route (the upload routes it skips, their handlers)", async () => {
    const anonymous = new DashboardClient(server.baseUrl);
    const routes = listApiRoutes();
    assert.ok(routes.length >= 10, `found ${routes.length} API route files`);
    for (const route of routes) {
      assert.ok(route.methods.length > 0, `${route.file} exports no handler`);
      const urlPath = samplePath(route, SAMPLE_PARAMS);
      for (const method of route.methods) {
        if (PUBLIC_API.has(`${method} ${urlPath}`)) continue;
        const response = await anonymous.fetch(urlPath, { method, origin: server.baseUrl });
        assert.equal(response.status, 401, `anonymous ${method} ${urlPath}`);
        const body = (await response.json()) as { error?: string };
        assert.match(body.error ?? "", /Sign in required/, `anonymous ${method} ${urlPath}`);
      }
    }
  });

  test("every page redirects to /login without a valid session, and comes back after", async () => {
    const pages = listPages().map((page) => samplePath(page, SAMPLE_PARAMS));
    assert.ok(pages.includes("/images") && pages.includes("/audit"));
    for (const page of pages) {
      if (PUBLIC_PAGES.has(page)) continue;
      for (const cookie of [undefined, "dashboard_session=s_forged"]) {
        const response = await fetch(`${server.baseUrl}${page}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
        assert.ok([302, 303, 307, 308].includes(response.status), `${page} (${cookie ?? "no cookie"}): ${response.status}`);
        const location = new URL(response.headers.get("location") ?? "", server.baseUrl);
        assert.equal(location.pathname, "/login", page);
        assert.equal(location.searchParams.get("next"), page);
      }
    }
    for (const page of PUBLIC_PAGES) {
      const response = await fetch(`${server.baseUrl}${page}`, { redirect: "manual" });
      assert.ok(response.status === 200 || [302, 303, 307].includes(response.status), page);
    }
  });

  test("every page renders for a signed-in admin", async () => {
    const container = uniqueName("smoke");
    docker("create", "--name", container, "--network", "none", "local/busybox:1", "sleep", "1");
    cleanup.push(() => docker("rm", "-f", container));
    // Volume and network pages answer 404 for names the engine does not know: give them real ones.
    const volume = uniqueName("smoke-volume");
    docker("volume", "create", volume);
    cleanup.push(() => docker("volume", "rm", "-f", volume));
    for (const page of listPages()) {
      const id = page.pattern.startsWith("/networks/") ? "host" : container;
      const url = samplePath(page, { ...SAMPLE_PARAMS, id, name: volume });
      const response = await admin.fetch(url);
      if (page.pattern.includes("{...")) {
        assert.equal(response.status, 404, url);
        continue;
      }
      if ([302, 303, 307, 308].includes(response.status)) {
        // "/" and the sign-in pages send a signed-in admin on; no dashboard page sends them to sign in.
        const location = new URL(response.headers.get("location") ?? "", server.baseUrl);
        if (!PUBLIC_PAGES.has(url)) assert.notEqual(location.pathname, "/login", url);
        continue;
      }
      assert.equal(response.status, 200, url);
      assert.match(response.headers.get("content-type") ?? "", /text\/html/, url);
      assert.match(await response.text(), /<html/, url);
    }
  });

  test("pages carry a nonce CSP, no framing, no sniffing", async () => {
    const response = await admin.fetch("/images");
    assert.equal(response.status, 200);
    const policy = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    assert.ok(nonce, policy);
    assert.match(policy, /frame-ancestors 'none'/);
    const html = await response.text();
    assert.ok(html.includes(`nonce="${nonce}"`), "Next.js put the nonce on its scripts");
    const other = (await admin.fetch("/images")).headers.get("content-security-policy");
    assert.notEqual(other, policy, "a fresh nonce per request");
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.ok(response.headers.get("referrer-policy"));
  });

  test("security headers are set on API answers", async () => {
    const response = await admin.fetch("/api/engine");
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("x-frame-options"), "DENY");
  });

  test("an upload larger than any in-memory limit streams through whole (24 MB)", async () => {
    // The proxy buffers (and cuts at 10 MB) the body of any request it sees: the upload routes
    // must stay out of its matcher.
    const run = uniqueName("big");
    const archive = pack();
    archive.entry({ name: "big.bin", size: 24 * 1024 * 1024 }, Buffer.alloc(24 * 1024 * 1024, 7));
    archive.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of archive) chunks.push(chunk as Buffer);
    const tar = Buffer.concat(chunks);
    const imported = await admin.fetch(`/api/images/import?repo=http/${run}&tag=1`, {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: new Uint8Array(tar),
    });
    assert.equal(imported.status, 201, await imported.clone().text());
    cleanup.push(() => docker("rmi", `http/${run}:1`));
    assert.equal(((await imported.json()) as { bytes: number }).bytes, tar.length);
    assert.equal(docker("image", "inspect", "--format", "{{.Size}}", `http/${run}:1`), String(24 * 1024 * 1024));
  });

  test("with the engine gone, pages still render and say so; back when it returns", async () => {
    await proxy.close();
    try {
      assert.equal((await admin.fetch("/api/engine")).status, 503);
      for (const page of ["/images", `/images/${encodeURIComponent("seed/fat:1")}`, "/audit"]) {
        const response = await admin.fetch(`${page}`);
        assert.equal(response.status, 200, page);
        assert.match(await response.text(), /not reachable/, page);
      }
    } finally {
      await proxy.open();
    }
    assert.equal((await admin.fetch("/api/engine")).status, 200);
  });
});

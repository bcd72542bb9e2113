import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { DashboardClient, signIn, TEST_ADMIN, tokenClient } from "@/lib/testing/http-client";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { startServer, type RunningServer } from "@/lib/testing/server";
import type { Role } from "@/lib/auth/roles";

requireSandboxEngine();

const APP = path.join(process.cwd(), "app");
const SAMPLE_PARAMS: Record<string, string> = {
  ref: encodeURIComponent("seed/web:1"),
  id: "no-such-id",
  action: "start",
  "...missing": "no/such/page",
};

/** Every route file under app/, as the URL it serves and the methods it exports. */
function discoverRoutes(): { api: { path: string; methods: string[]; file: string }[]; pages: string[] } {
  const api: { path: string; methods: string[]; file: string }[] = [];
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts" || entry.name === "page.tsx") {
        const segments = path
          .relative(APP, dir)
          .split(path.sep)
          .filter((segment) => segment && !/^\(.*\)$/.test(segment))
          .map((segment) => {
            const param = /^\[(.+)\]$/.exec(segment);
            return param ? (SAMPLE_PARAMS[param[1]!] ?? "x") : segment;
          });
        const urlPath = `/${segments.join("/")}`;
        if (entry.name === "page.tsx") pages.push(urlPath);
        else {
          const source = fs.readFileSync(full, "utf8");
          const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]!);
          api.push({ path: urlPath, methods, file: path.relative(process.cwd(), full) });
        }
      }
    }
  };
  walk(APP);
  return { api, pages };
}

const PUBLIC_API = new Set(["POST /api/auth/login", "POST /api/auth/setup"]);
const PUBLIC_PAGES = new Set(["/login", "/setup"]);

// The role each state-changing route needs. A new mutating route fails the test below until it is
// listed here, so none can ship without its role decided and tested.
const MUTATION_ROLES: Record<string, Role> = {
  "POST /api/images/{ref}/tag": "operator",
  "DELETE /api/images/{ref}": "admin",
  "POST /api/auth/logout": "viewer",
  "POST /api/users": "admin",
  "PATCH /api/users/{id}": "admin",
  "POST /api/tokens": "admin",
  "DELETE /api/tokens/{id}": "admin",
  "POST /api/images/pull": "operator",
  "POST /api/images/{ref}/push": "operator",
  "POST /api/images/import": "operator",
  "POST /api/images/load": "operator",
  "POST /api/containers/{id}/commit": "operator",
  "POST /api/registries": "admin",
  "PATCH /api/registries/{id}": "admin",
  "DELETE /api/registries/{id}": "admin",
  "POST /api/registries/{id}/test": "admin",
  "DELETE /api/registries/{id}/tags": "admin",
  "POST /api/containers": "operator",
  "POST /api/containers/preview": "viewer",
  "DELETE /api/containers/{id}": "operator",
  "POST /api/containers/{id}/{action}": "operator",
  "POST /api/containers/{id}/exec": "operator",
  "DELETE /api/exec/{session}": "operator",
  "POST /api/exec/{session}/input": "operator",
  "POST /api/exec/{session}/resize": "operator",
};

function routeKey(method: string, file: string): string {
  const pattern = `/${path
    .dirname(path.relative(APP, path.join(process.cwd(), file)))
    .split(path.sep)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(.+)\]$/, "{$1}"))
    .join("/")}`;
  return `${method} ${pattern}`;
}

describe("auth", () => {
  let server: RunningServer;
  let admin: DashboardClient;
  const users: Record<Role, { username: string; password: string; client?: DashboardClient }> = {
    viewer: { username: uniqueName("viewer"), password: "viewer-password-1" },
    operator: { username: uniqueName("operator"), password: "operator-password-1" },
    admin: { username: uniqueName("admin2"), password: "admin2-password-1" },
  };
  const routes = discoverRoutes();

  before(async () => {
    server = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST! });
    admin = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
    for (const [role, user] of Object.entries(users) as [Role, (typeof users)[Role]][]) {
      await admin.json("/api/users", { method: "POST", body: JSON.stringify({ ...user, role }) }, 201);
      user.client = await signIn(server.baseUrl, user.username, user.password);
    }
  });
  after(async () => {
    await server?.stop();
  });

  test("the route files were found", () => {
    assert.ok(routes.api.length >= 10, `found ${routes.api.length} API route files`);
    assert.ok(routes.pages.includes("/images") && routes.pages.includes("/audit"));
  });

  test("every API route answers 401 JSON without a session or token, or with a bad one", async () => {
    const anonymous = new DashboardClient(server.baseUrl);
    const forged = new DashboardClient(server.baseUrl, { cookie: "dashboard_session=s_forged" });
    const badToken = tokenClient(server.baseUrl, "dsh_not-a-real-token");
    for (const { path: urlPath, methods, file } of routes.api) {
      assert.ok(methods.length > 0, `${file} exports no handler`);
      for (const method of methods) {
        if (PUBLIC_API.has(`${method} ${urlPath}`)) continue;
        for (const [who, client] of [
          ["anonymous", anonymous],
          ["forged cookie", forged],
          ["bad token", badToken],
        ] as const) {
          const response = await client.fetch(urlPath, { method, origin: server.baseUrl });
          assert.equal(response.status, 401, `${who} ${method} ${urlPath}`);
          const body = (await response.json()) as { error?: string };
          assert.match(body.error ?? "", /Sign in required/, `${who} ${method} ${urlPath}`);
        }
      }
    }
  });

  test("every page redirects to /login without a valid session, and comes back after", async () => {
    for (const page of routes.pages) {
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

  test("every mutating route has its role listed, and each role gets exactly what it may do", async () => {
    const run = uniqueName("matrix");
    const mutations = routes.api.flatMap(({ methods, file }) =>
      methods.filter((method) => method !== "GET").map((method) => ({ method, file, key: routeKey(method, file) })),
    );
    for (const { key } of mutations) {
      if (PUBLIC_API.has(key.replace("{ref}", SAMPLE_PARAMS.ref!))) continue;
      if (key === "POST /api/auth/login" || key === "POST /api/auth/setup") continue;
      assert.ok(key in MUTATION_ROLES, `${key} has no role in MUTATION_ROLES: decide it and test it`);
    }

    const requests: Record<string, (client: DashboardClient) => Promise<Response>> = {
      "POST /api/images/{ref}/tag": (client) =>
        client.fetch(`/api/images/${encodeURIComponent("seed/web:1")}/tag`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ repo: `matrix/${run}`, tag: "1" }),
        }),
      "DELETE /api/images/{ref}": (client) => client.fetch(`/api/images/${encodeURIComponent(`matrix/${run}:gone`)}`, { method: "DELETE" }),
      "POST /api/users": (client) =>
        client.fetch("/api/users", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: uniqueName("m"), password: "matrix-password-1", role: "viewer" }),
        }),
      "PATCH /api/users/{id}": (client) =>
        client.fetch("/api/users/no-such-user", {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ role: "viewer" }),
        }),
      "POST /api/tokens": (client) =>
        client.fetch("/api/tokens", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: uniqueName("t"), role: "viewer" }),
        }),
      "DELETE /api/tokens/{id}": (client) => client.fetch("/api/tokens/no-such-token", { method: "DELETE" }),
      "POST /api/images/pull": (client) =>
        client.fetch("/api/images/pull", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ reference: "127.0.0.1:9/none:1" }),
        }),
      "POST /api/images/{ref}/push": (client) =>
        client.fetch(`/api/images/${encodeURIComponent(`matrix/${run}:none`)}/push`, { method: "POST" }),
      "POST /api/images/import": (client) =>
        client.fetch("/api/images/import?repo=matrix/none", { method: "POST", body: "not an archive" }),
      "POST /api/images/load": (client) => client.fetch("/api/images/load", { method: "POST", body: "not an archive" }),
      "POST /api/containers/{id}/commit": (client) =>
        client.fetch("/api/containers/no-such-container/commit", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      "POST /api/registries": (client) =>
        client.fetch("/api/registries", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ address: "not a host/x", username: "u", password: "p" }),
        }),
      "PATCH /api/registries/{id}": (client) =>
        client.fetch("/api/registries/no-such-registry", {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "u" }),
        }),
      "DELETE /api/registries/{id}": (client) => client.fetch("/api/registries/no-such-registry", { method: "DELETE" }),
      "POST /api/registries/{id}/test": (client) => client.fetch("/api/registries/no-such-registry/test", { method: "POST" }),
      "DELETE /api/registries/{id}/tags": (client) =>
        client.fetch("/api/registries/no-such-registry/tags?repository=a/b&tag=c", { method: "DELETE" }),
      "POST /api/containers": (client) =>
        client.fetch("/api/containers", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ image: "no-such/image:1" }),
        }),
      "POST /api/containers/preview": (client) =>
        client.fetch("/api/containers/preview", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ image: "seed/entry:1" }),
        }),
      "DELETE /api/containers/{id}": (client) => client.fetch("/api/containers/no-such-container", { method: "DELETE" }),
      "POST /api/containers/{id}/{action}": (client) => client.fetch("/api/containers/no-such-container/stop", { method: "POST" }),
      "POST /api/containers/{id}/exec": (client) =>
        client.fetch("/api/containers/no-such-container/exec", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      "DELETE /api/exec/{session}": (client) => client.fetch("/api/exec/no-such-session", { method: "DELETE" }),
      "POST /api/exec/{session}/input": (client) => client.fetch("/api/exec/no-such-session/input", { method: "POST", body: "ls\n" }),
      "POST /api/exec/{session}/resize": (client) =>
        client.fetch("/api/exec/no-such-session/resize", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ cols: 80, rows: 24 }),
        }),
    };
    for (const [key, required] of Object.entries(MUTATION_ROLES)) {
      if (key === "POST /api/auth/logout") continue;
      const request = requests[key];
      assert.ok(request, `no request written for ${key}`);
      for (const role of ["viewer", "operator", "admin"] as const) {
        const allowed = ["viewer", "operator", "admin"].indexOf(role) >= ["viewer", "operator", "admin"].indexOf(required);
        const response = await request(users[role].client!);
        if (allowed) assert.notEqual(response.status, 403, `${role} ${key}: ${await response.text()}`);
        else {
          assert.equal(response.status, 403, `${role} ${key}`);
          const body = (await response.json()) as { error: string };
          assert.match(body.error, new RegExp(`needs ${required}`));
        }
      }
    }
    // The operator's tag went through; the viewer's did not (nothing changed on the first attempt).
    assert.equal(docker("image", "inspect", "--format", "{{.Id}}", `matrix/${run}:1`).length > 0, true);
    docker("rmi", `matrix/${run}:1`);

    const denied = await admin.json<{ entries: { actor: string; action: string; target: string }[] }>(
      `/api/audit?action=auth.denied&actor=${users.viewer.username}`,
    );
    assert.ok(
      denied.entries.some(
        (entry) => entry.target === `POST /api/images/${encodeURIComponent("seed/web:1")}/tag` || entry.target.includes("/tag"),
      ),
    );
  });

  test("reads that hand out image contents or credentials need operator", async () => {
    for (const urlPath of [
      `/api/images/${encodeURIComponent("seed/web:1")}/save`,
      "/api/registries",
      "/api/containers/x/export",
      "/api/exec/x",
      "/api/exec/x/output",
    ]) {
      const response = await users.viewer.client!.fetch(urlPath);
      assert.equal(response.status, 403, urlPath);
    }
  });

  test("the audit log names the actor of every action, and logins and logouts", async () => {
    const tag = `actor/${uniqueName("t")}`;
    await users.operator.client!.json(
      `/api/images/${encodeURIComponent("seed/web:1")}/tag`,
      { method: "POST", body: JSON.stringify({ repo: tag, tag: "1" }) },
      201,
    );
    const entries = await admin.json<{ entries: { actor: string; command: string }[] }>(`/api/audit?action=image.tag&target=seed/web:1`);
    const mine = entries.entries.find((entry) => entry.command.includes(tag));
    assert.equal(mine?.actor, users.operator.username);
    docker("rmi", `${tag}:1`);

    const logins = await admin.json<{ entries: { actor: string; outcome: string }[] }>(
      `/api/audit?action=auth.login&actor=${users.viewer.username}`,
    );
    assert.ok(logins.entries.some((entry) => entry.outcome === "succeeded"));
  });

  test("CSRF: cookie mutations need this dashboard's Origin or Referer; bearer tokens do not", async () => {
    const operator = users.operator.client!;
    const tagPath = `/api/images/${encodeURIComponent("seed/web:1")}/tag`;
    const body = (tag: string) => JSON.stringify({ repo: `csrf/${uniqueName("x")}`, tag });
    const noOrigin = await operator.fetch(tagPath, { method: "POST", origin: null, body: body("1") });
    assert.equal(noOrigin.status, 403);
    const evil = await operator.fetch(tagPath, { method: "POST", origin: "http://evil.example", body: body("1") });
    assert.equal(evil.status, 403);
    const viaReferer = await operator.fetch(tagPath, {
      method: "POST",
      origin: null,
      headers: { referer: `${server.baseUrl}/images` },
      body: JSON.stringify({ repo: "csrf/referer", tag: "1" }),
    });
    assert.equal(viaReferer.status, 201);
    docker("rmi", "csrf/referer:1");

    const created = await admin.json<{ token: string }>(
      "/api/tokens",
      { method: "POST", body: JSON.stringify({ name: uniqueName("csrf"), role: "operator" }) },
      201,
    );
    const script = tokenClient(server.baseUrl, created.token);
    const viaToken = await script.fetch(tagPath, { method: "POST", body: JSON.stringify({ repo: "csrf/token", tag: "1" }) });
    assert.equal(viaToken.status, 201);
    docker("rmi", "csrf/token:1");
  });

  test("API tokens: shown once, stored hashed, work as Bearer with their role, revocable", async () => {
    const name = uniqueName("ci");
    const created = await admin.json<{ token: string; apiToken: { id: string; prefix: string } }>(
      "/api/tokens",
      { method: "POST", body: JSON.stringify({ name, role: "operator" }) },
      201,
    );
    assert.match(created.token, /^dsh_/);
    const list = await admin.json<{ tokens: Record<string, unknown>[] }>("/api/tokens");
    const listed = list.tokens.find((token) => token.name === name)!;
    assert.ok(listed);
    assert.ok(!JSON.stringify(list).includes(created.token), "the token is never listed again");
    assert.ok(created.token.startsWith(String(listed.prefix)));

    const script = tokenClient(server.baseUrl, created.token);
    assert.equal((await script.fetch("/api/images")).status, 200);
    const me = await script.json<{ kind: string; name: string; role: string }>("/api/auth/me");
    assert.deepEqual(me, { kind: "token", name, role: "operator" });
    assert.equal((await script.fetch(`/api/images/${encodeURIComponent("seed/none:1")}`, { method: "DELETE" })).status, 403);

    await admin.json(`/api/tokens/${created.apiToken.id}`, { method: "DELETE" });
    assert.equal((await script.fetch("/api/images")).status, 401);
    const revoked = await admin.json<{ tokens: { name: string; revokedAt: string | null }[] }>("/api/tokens");
    assert.ok(revoked.tokens.find((token) => token.name === name)?.revokedAt);
  });

  test("wrong credentials: one message whether or not the user exists", async () => {
    const attempt = (username: string, password: string) =>
      fetch(`${server.baseUrl}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
    const unknown = await attempt(uniqueName("nobody"), "whatever-password");
    const wrong = await attempt(users.viewer.username, "wrong-password-1");
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    assert.deepEqual(await unknown.json(), await wrong.json());
    const malformed = await fetch(`${server.baseUrl}/api/auth/login`, { method: "POST", body: "{" });
    assert.equal(malformed.status, 400);
  });

  test("repeated failures are throttled with 429 for that user, even with the right password", async () => {
    const username = uniqueName("throttled");
    const password = "throttled-password-1";
    await admin.json("/api/users", { method: "POST", body: JSON.stringify({ username, password, role: "viewer" }) }, 201);
    const attempt = (pw: string, address: string) =>
      fetch(`${server.baseUrl}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": address },
        body: JSON.stringify({ username, password: pw }),
      });
    for (let i = 0; i < 5; i++) assert.equal((await attempt("wrong-password-x", `10.9.0.${i}`)).status, 401);
    const locked = await attempt(password, "10.9.0.99");
    assert.equal(locked.status, 429);
    assert.match(((await locked.json()) as { error: string }).error, /Too many failed sign-ins/);
    // Another user is not affected.
    await signIn(server.baseUrl, users.operator.username, users.operator.password);

    // Per address: many usernames from one address.
    const address = "10.8.0.1";
    let status = 0;
    for (let i = 0; i < 21 && status !== 429; i++) {
      status = (
        await fetch(`${server.baseUrl}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": address },
          body: JSON.stringify({ username: uniqueName("spray"), password: "spray-password" }),
        })
      ).status;
    }
    assert.equal(status, 429);
  });

  test("sessions: cookie attributes, logout revokes, disabling or a password reset signs out", async () => {
    const response = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: users.viewer.username, password: users.viewer.password }),
    });
    const setCookie = response.headers.get("set-cookie") ?? "";
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/, "plain http");
    const secure = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
      body: JSON.stringify({ username: users.viewer.username, password: users.viewer.password }),
    });
    assert.match(secure.headers.get("set-cookie") ?? "", /; Secure/);

    const session = await signIn(server.baseUrl, users.viewer.username, users.viewer.password);
    assert.equal((await session.fetch("/api/images")).status, 200);
    assert.equal((await session.fetch("/api/auth/logout", { method: "POST" })).status, 200);
    assert.equal((await session.fetch("/api/images")).status, 401, "a logged-out cookie is dead server-side");

    const username = uniqueName("disabled");
    const created = await admin.json<{ id: string }>(
      "/api/users",
      { method: "POST", body: JSON.stringify({ username, password: "disabled-password-1", role: "viewer" }) },
      201,
    );
    const victim = await signIn(server.baseUrl, username, "disabled-password-1");
    await admin.json(`/api/users/${created.id}`, { method: "PATCH", body: JSON.stringify({ password: "reset-password-22" }) });
    assert.equal((await victim.fetch("/api/images")).status, 401, "a password reset ends sessions");
    const again = await signIn(server.baseUrl, username, "reset-password-22");
    await admin.json(`/api/users/${created.id}`, { method: "PATCH", body: JSON.stringify({ disabled: true }) });
    assert.equal((await again.fetch("/api/images")).status, 401, "disabling ends sessions");
    const refused = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "reset-password-22" }),
    });
    assert.equal(refused.status, 401);

    const selfDemotion = await admin.fetch(
      `/api/users/${(await admin.json<{ users: { id: string; username: string }[] }>("/api/users")).users.find((u) => u.username === TEST_ADMIN.username)!.id}`,
      {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "viewer" }),
      },
    );
    assert.equal(selfDemotion.status, 409);
  });

  test("user creation validates input: 400 with the reason, 409 for a taken name", async () => {
    const short = await admin.fetch("/api/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "x", password: "short", role: "viewer" }),
    });
    assert.equal(short.status, 400);
    assert.match(((await short.json()) as { error: string }).error, /at least 10/);
    const badRole = await admin.fetch("/api/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "x", password: "long-enough-1", role: "root" }),
    });
    assert.equal(badRole.status, 400);
    const taken = await admin.fetch("/api/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...users.viewer, role: "viewer" }),
    });
    assert.equal(taken.status, 409);
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
});

describe("first-run setup", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST!, ADMIN_USERNAME: "", ADMIN_PASSWORD: "" });
  });
  after(async () => {
    await server?.stop();
  });

  test("creates the first admin once, signs them in, and refuses afterwards", async () => {
    const login = await fetch(`${server.baseUrl}/login`, { redirect: "manual" });
    assert.ok([302, 303, 307].includes(login.status), "the sign-in page sends to setup while no user exists");
    assert.equal(new URL(login.headers.get("location")!, server.baseUrl).pathname, "/setup");

    const body = JSON.stringify({ username: "first", password: "first-admin-password" });
    const first = await fetch(`${server.baseUrl}/api/auth/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    assert.equal(first.status, 201);
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0]!;
    const me = await new DashboardClient(server.baseUrl, { cookie }).json<{ username: string; role: string }>("/api/auth/me");
    assert.deepEqual({ username: me.username, role: me.role }, { username: "first", role: "admin" });

    const second = await fetch(`${server.baseUrl}/api/auth/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "second", password: "second-admin-password" }),
    });
    assert.equal(second.status, 409);
    const setupPage = await fetch(`${server.baseUrl}/setup`, { redirect: "manual" });
    assert.ok([302, 303, 307].includes(setupPage.status), "the setup page is gone once a user exists");
  });
});

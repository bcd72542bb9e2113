import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { Role } from "@/lib/auth/roles";
import { listApiRoutes, listPages, samplePath } from "@/lib/testing/app-routes";
import { docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import {
  exportedMethods,
  prepareRouteTests,
  ROUTE_TEST_ORIGIN,
  routeClient,
  routeTokenClient,
  signInRoute,
} from "@/lib/testing/route-client";

// What the route handlers decide about callers: sessions, tokens, roles, CSRF, throttling. The
// proxy's first gate and the pages' redirects are tested against `next start` in
// lib/http/production-server.integration.test.ts; first-run setup in setup.route.test.ts.
prepareRouteTests();

const SAMPLE_PARAMS: Record<string, string> = {
  ref: encodeURIComponent("seed/web:1"),
  id: "no-such-id",
  action: "start",
};

/** Every route file under app/, as the URL it serves and the methods it exports. */
function discoverRoutes(): { api: { path: string; pattern: string; methods: string[]; file: string }[]; pages: string[] } {
  return {
    api: listApiRoutes().map((route) => ({
      path: samplePath(route, SAMPLE_PARAMS),
      pattern: route.pattern,
      methods: route.methods,
      file: route.file,
    })),
    pages: listPages().map((page) => page.pattern),
  };
}

// Reachable without signing in: sign-in, first-run setup, and the API's description (it holds no data).
const PUBLIC_API = new Set(["POST /api/auth/login", "POST /api/auth/setup", "GET /api/openapi.json", "GET /api/health"]);

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
  "POST /api/images/{ref}/copy": "operator",
  "POST /api/images/import": "operator",
  "POST /api/images/load": "operator",
  "POST /api/builds": "operator",
  "POST /api/builds/{id}/cancel": "operator",
  "POST /api/builds/{id}/rebuild": "operator",
  "POST /api/containers/{id}/commit": "operator",
  "POST /api/registries": "admin",
  "PATCH /api/registries/{id}": "admin",
  "DELETE /api/registries/{id}": "admin",
  "POST /api/registries/{id}/test": "admin",
  "DELETE /api/registries/{id}/tags": "admin",
  "POST /api/containers": "operator",
  "POST /api/containers/preview": "viewer",
  "POST /api/cleanup/plans": "viewer",
  "POST /api/cleanup/counts": "viewer",
  "POST /api/cleanup/plans/{id}/run": "admin",
  "POST /api/cleanup/policies": "admin",
  "PATCH /api/cleanup/policies/{id}": "admin",
  "DELETE /api/cleanup/policies/{id}": "admin",
  "POST /api/cleanup/policies/{id}/run": "admin",
  "POST /api/dockerfile/lint": "viewer",
  "DELETE /api/containers/{id}": "operator",
  "POST /api/containers/{id}/{action}": "operator",
  "POST /api/containers/{id}/exec": "operator",
  "DELETE /api/exec/{session}": "operator",
  "POST /api/exec/{session}/input": "operator",
  "POST /api/exec/{session}/resize": "operator",
  "POST /api/volumes": "operator",
  "DELETE /api/volumes/{name}": "admin",
  "POST /api/networks": "admin",
  "DELETE /api/networks/{id}": "admin",
  "POST /api/engines": "admin",
  "PATCH /api/engines/{id}": "admin",
  "DELETE /api/engines/{id}": "admin",
  "POST /api/engines/{id}/test": "admin",
  "PUT /api/engines/current": "viewer",
};

describe("auth", () => {
  let admin: DashboardClient;
  const users: Record<Role, { username: string; password: string; client?: DashboardClient }> = {
    viewer: { username: uniqueName("viewer"), password: "viewer-password-1" },
    operator: { username: uniqueName("operator"), password: "operator-password-1" },
    admin: { username: uniqueName("admin2"), password: "admin2-password-1" },
  };
  const routes = discoverRoutes();
  const anonymous = routeClient();

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
    for (const [role, user] of Object.entries(users) as [Role, (typeof users)[Role]][]) {
      await admin.json("/api/users", { method: "POST", body: JSON.stringify({ ...user, role }) }, 201);
      user.client = await signInRoute(user.username, user.password);
    }
  });
  test("the route files were found", async () => {
    assert.ok(routes.api.length >= 10, `found ${routes.api.length} API route files`);
    assert.ok(routes.pages.includes("/images") && routes.pages.includes("/audit"));
    // The server tests read the methods from the source; they must be what the module exports.
    for (const { file, methods } of routes.api) assert.deepEqual([...methods].sort(), await exportedMethods(file), file);
  });

  test("every API route answers 401 JSON without a session or token, or with a bad one", async () => {
    const forged = routeClient({ cookie: "dashboard_session=s_forged" });
    const badToken = routeTokenClient("dsh_not-a-real-token");
    for (const { path: urlPath, methods, file } of routes.api) {
      assert.ok(methods.length > 0, `${file} exports no handler`);
      for (const method of methods) {
        if (PUBLIC_API.has(`${method} ${urlPath}`)) continue;
        for (const [who, client] of [
          ["anonymous", anonymous],
          ["forged cookie", forged],
          ["bad token", badToken],
        ] as const) {
          const response = await client.fetch(urlPath, { method, origin: ROUTE_TEST_ORIGIN });
          assert.equal(response.status, 401, `${who} ${method} ${urlPath}`);
          const body = (await response.json()) as { error?: string };
          assert.match(body.error ?? "", /Sign in required/, `${who} ${method} ${urlPath}`);
        }
      }
    }
  });

  test("every mutating route has its role listed, and each role gets exactly what it may do", async () => {
    const run = uniqueName("matrix");
    const mutations = routes.api.flatMap(({ methods, pattern }) =>
      methods.filter((method) => method !== "GET").map((method) => ({ method, key: `${method} ${pattern}` })),
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
      "POST /api/images/{ref}/copy": (client) =>
        client.fetch(`/api/images/${encodeURIComponent(`matrix/${run}:none`)}/copy`, { method: "POST", body: '{"to":"no-such-engine"}' }),
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
      "POST /api/cleanup/plans": (client) =>
        client.fetch("/api/cleanup/plans", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ rules: { dangling: true } }),
        }),
      "POST /api/cleanup/counts": (client) =>
        client.fetch("/api/cleanup/counts", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ requests: { dangling: { rules: { dangling: true } } } }),
        }),
      // Allowed callers get a 400 (no name) or a 404 (no such policy): nothing is saved or run.
      "POST /api/cleanup/policies": (client) =>
        client.fetch("/api/cleanup/policies", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({}),
        }),
      "PATCH /api/cleanup/policies/{id}": (client) =>
        client.fetch("/api/cleanup/policies/no-such-policy", {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ enabled: false }),
        }),
      "DELETE /api/cleanup/policies/{id}": (client) => client.fetch("/api/cleanup/policies/no-such-policy", { method: "DELETE" }),
      "POST /api/cleanup/policies/{id}/run": (client) => client.fetch("/api/cleanup/policies/no-such-policy/run", { method: "POST" }),
      // An unknown plan: a 404 once the role allows the run.
      "POST /api/cleanup/plans/{id}/run": (client) => client.fetch("/api/cleanup/plans/no-such-plan/run", { method: "POST" }),
      // An invalid tag: refused with a 400 after the role check, before the engine builds anything.
      "POST /api/builds": (client) =>
        client.fetch("/api/builds?tag=Not%20A%20Tag", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ dockerfile: "FROM local/busybox:1\n" }),
        }),
      // An unknown build: a 404 for allowed callers, nothing is stopped or built.
      "POST /api/builds/{id}/cancel": (client) => client.fetch("/api/builds/no-such-build/cancel", { method: "POST" }),
      "POST /api/builds/{id}/rebuild": (client) => client.fetch("/api/builds/no-such-build/rebuild", { method: "POST" }),
      "POST /api/dockerfile/lint": (client) =>
        client.fetch("/api/dockerfile/lint", { method: "POST", headers: { "content-type": "text/plain" }, body: "FROM busybox:1\n" }),
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
      // Allowed callers get a 400 (bad label) or 404: nothing is created or removed.
      "POST /api/volumes": (client) =>
        client.fetch("/api/volumes", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: `matrix-${run}`, labels: { "bad=key": "x" } }),
        }),
      "DELETE /api/volumes/{name}": (client) => client.fetch("/api/volumes/no-such-volume", { method: "DELETE" }),
      "POST /api/networks": (client) =>
        client.fetch("/api/networks", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: `matrix-${run}`, subnet: "not-a-subnet" }),
        }),
      "DELETE /api/networks/{id}": (client) => client.fetch("/api/networks/no-such-network", { method: "DELETE" }),
      // Allowed callers get a 400 (bad host) or a 404 (no such engine): nothing is added or changed.
      "POST /api/engines": (client) =>
        client.fetch("/api/engines", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: `matrix-${run}`, host: "http://not-an-engine" }),
        }),
      "PATCH /api/engines/{id}": (client) =>
        client.fetch("/api/engines/no-such-engine", {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "renamed" }),
        }),
      "DELETE /api/engines/{id}": (client) => client.fetch("/api/engines/no-such-engine", { method: "DELETE" }),
      "POST /api/engines/{id}/test": (client) => client.fetch("/api/engines/no-such-engine/test", { method: "POST" }),
      "PUT /api/engines/current": (client) =>
        client.fetch("/api/engines/current", {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ engineId: "no-such-engine" }),
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

  test("the live event stream: every role may follow it; a signed-out caller gets a 401, not events", async () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      const controller = new AbortController();
      const response = await users[role].client!.fetch("/api/events", { signal: controller.signal });
      assert.equal(response.status, 200, role);
      assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/, role);
      controller.abort();
    }
    for (const client of [anonymous, routeClient({ cookie: "dashboard_session=s_forged" })]) {
      const response = await client.fetch("/api/events");
      assert.equal(response.status, 401);
      assert.doesNotMatch(await response.text(), /^data:/m);
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
      headers: { referer: `${ROUTE_TEST_ORIGIN}/images` },
      body: JSON.stringify({ repo: "csrf/referer", tag: "1" }),
    });
    assert.equal(viaReferer.status, 201);
    docker("rmi", "csrf/referer:1");

    const created = await admin.json<{ token: string }>(
      "/api/tokens",
      { method: "POST", body: JSON.stringify({ name: uniqueName("csrf"), role: "operator" }) },
      201,
    );
    const script = routeTokenClient(created.token);
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

    const script = routeTokenClient(created.token);
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
      anonymous.fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
    const unknown = await attempt(uniqueName("nobody"), "whatever-password");
    const wrong = await attempt(users.viewer.username, "wrong-password-1");
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    assert.deepEqual(await unknown.json(), await wrong.json());
    const malformed = await anonymous.fetch("/api/auth/login", { method: "POST", body: "{" });
    assert.equal(malformed.status, 400);
  });

  test("repeated failures are throttled with 429 for that user, even with the right password", async () => {
    const username = uniqueName("throttled");
    const password = "throttled-password-1";
    await admin.json("/api/users", { method: "POST", body: JSON.stringify({ username, password, role: "viewer" }) }, 201);
    const attempt = (pw: string, address: string) =>
      anonymous.fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": address },
        body: JSON.stringify({ username, password: pw }),
      });
    for (let i = 0; i < 5; i++) assert.equal((await attempt("wrong-password-x", `10.9.0.${i}`)).status, 401);
    const locked = await attempt(password, "10.9.0.99");
    assert.equal(locked.status, 429);
    assert.match(((await locked.json()) as { error: string }).error, /Too many failed sign-ins/);
    // Another user is not affected.
    await signInRoute(users.operator.username, users.operator.password);

    // Per address: many usernames from one address.
    const address = "10.8.0.1";
    let status = 0;
    for (let i = 0; i < 21 && status !== 429; i++) {
      status = (
        await anonymous.fetch("/api/auth/login", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": address },
          body: JSON.stringify({ username: uniqueName("spray"), password: "spray-password" }),
        })
      ).status;
    }
    assert.equal(status, 429);
  });

  test("sessions: cookie attributes, logout revokes, disabling or a password reset signs out", async () => {
    const response = await anonymous.fetch("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: users.viewer.username, password: users.viewer.password }),
    });
    const setCookie = response.headers.get("set-cookie") ?? "";
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/, "plain http");
    const secure = await anonymous.fetch("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
      body: JSON.stringify({ username: users.viewer.username, password: users.viewer.password }),
    });
    assert.match(secure.headers.get("set-cookie") ?? "", /; Secure/);

    const session = await signInRoute(users.viewer.username, users.viewer.password);
    assert.equal((await session.fetch("/api/images")).status, 200);
    assert.equal((await session.fetch("/api/auth/logout", { method: "POST" })).status, 200);
    assert.equal((await session.fetch("/api/images")).status, 401, "a logged-out cookie is dead server-side");

    const username = uniqueName("disabled");
    const created = await admin.json<{ id: string }>(
      "/api/users",
      { method: "POST", body: JSON.stringify({ username, password: "disabled-password-1", role: "viewer" }) },
      201,
    );
    const victim = await signInRoute(username, "disabled-password-1");
    await admin.json(`/api/users/${created.id}`, { method: "PATCH", body: JSON.stringify({ password: "reset-password-22" }) });
    assert.equal((await victim.fetch("/api/images")).status, 401, "a password reset ends sessions");
    const again = await signInRoute(username, "reset-password-22");
    await admin.json(`/api/users/${created.id}`, { method: "PATCH", body: JSON.stringify({ disabled: true }) });
    assert.equal((await again.fetch("/api/images")).status, 401, "disabling ends sessions");
    const refused = await anonymous.fetch("/api/auth/login", {
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
});

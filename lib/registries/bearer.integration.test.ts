import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { listAuditEntries } from "@/lib/audit/queries";
import { AppError } from "@/lib/errors";
import { httpStatusOf } from "@/lib/http/errors";
import { pullImage, pushImage, runToEnd } from "@/lib/images/actions";
import { createRegistry, deleteRegistry, testSavedRegistry, updateRegistry } from "@/lib/registries/actions";
import { registryCredentials } from "@/lib/registries/queries";
import { deleteRepositoryTag, listRepositories, listRepositoryTags, registryFetch } from "@/lib/registries/v2-client";
import { buildImage, docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import {
  signingKey,
  startTokenRegistry,
  startTokenServer,
  type TokenRegistry,
  type TokenRequest,
  type TokenServer,
} from "@/lib/testing/token-server";

// The bearer-token flow of the Registry HTTP API v2 against a real registry:2 configured with
// `auth: token` and a token server of our own: the registry never sees a password, only JWTs the
// token server signed. Both the dashboard's own client (v2-client.ts) and the engine (push/pull
// with the credentials the dashboard passes it) must do the handshake.
// https://distribution.github.io/distribution/spec/auth/token/

requireSandboxEngine();
const USERNAME = "bearer-user";
const PASSWORD = `bearer-${randomBytes(6).toString("hex")}`;
const run = uniqueName("bearer");
const repository = `it/${run}`;

let tokens: TokenServer;
let registry: TokenRegistry;
let registryId: string | null = null;
let reference: string;
const cleanup: (() => unknown)[] = [];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const imageId = (ref: string) => docker("image", "inspect", "--format", "{{.Id}}", ref);
/** Token requests made from here on: call, act, then read `.requests`. */
function watchTokens(): { readonly requests: TokenRequest[] } {
  const mark = tokens.requests.length;
  return {
    get requests() {
      return tokens.requests.slice(mark);
    },
  };
}
// The engine's registry client says who it is; Node's fetch (the dashboard) says "node".
const fromEngine = (request: TokenRequest) => /^docker\//.test(request.userAgent);
const fromDashboard = (request: TokenRequest) => !fromEngine(request);
const describeRequests = (requests: TokenRequest[]) =>
  requests
    .map((request) => `${request.userAgent.split(" ")[0]} ${request.username} [${request.scopes.join(" | ")}] → ${request.status}`)
    .join("\n");

async function rejectsWithStatus(promise: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(httpStatusOf(error), status, error.message);
    assert.match(error.message, message);
    return true;
  });
}

before(async () => {
  tokens = await startTokenServer({ username: USERNAME, password: PASSWORD });
  cleanup.push(() => tokens.close());
  registry = await startTokenRegistry(tokens);
  cleanup.push(() => registry.stop());
  reference = `${registry.address}/${repository}:1`;
  registryId = (await createRegistry({ address: registry.address, username: USERNAME, password: PASSWORD, actor: "test" })).id;
  cleanup.push(() => deleteRegistry({ id: registryId!, actor: "test" }));
  // A layer of its own, so the push has bytes to move.
  buildImage(reference, `FROM local/busybox:1\nRUN echo ${run} > /run-id && dd if=/dev/urandom of=/noise bs=64k count=4\n`);
  cleanup.push(() => docker("rmi", reference));
});

after(async () => {
  for (const step of cleanup.reverse()) {
    try {
      await step();
    } catch {
      // already gone
    }
  }
});

describe("registry:2 with token auth", () => {
  test("the registry challenges for a bearer token from the token server and takes no password itself", async () => {
    const base = `http://${registry.address}`;
    const anonymous = await fetch(`${base}/v2/_catalog`);
    assert.equal(anonymous.status, 401);
    assert.equal(
      anonymous.headers.get("www-authenticate"),
      `Bearer realm="${tokens.realm}",service="${tokens.service}",scope="registry:catalog:*"`,
    );
    const basic = await fetch(`${base}/v2/`, {
      headers: { authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")}` },
    });
    assert.equal(basic.status, 401, "Basic credentials sent to the registry itself are not enough");
  });

  test("the registry accepts the token server's tokens and refuses ones for another service, issuer or key, or expired", async () => {
    const catalog = [{ type: "registry", name: "catalog", actions: ["*"] }];
    const status = async (token: string) =>
      (await fetch(`http://${registry.address}/v2/_catalog`, { headers: { authorization: `Bearer ${token}` } })).status;
    assert.equal(await status(tokens.issueToken({ access: catalog })), 200, registry.output());
    assert.equal(
      await status(tokens.issueToken({ access: catalog, service: "another-registry" })),
      401,
      "aud must be the registry's service",
    );
    assert.equal(await status(tokens.issueToken({ access: catalog, issuer: "someone-else" })), 401, "iss must be the configured issuer");
    assert.equal(
      await status(tokens.issueToken({ access: catalog, key: signingKey("untrusted-signer") })),
      401,
      "x5c must chain to the rootcertbundle",
    );
    assert.equal(await status(tokens.issueToken({ access: catalog, now: Math.floor(Date.now() / 1000) - 3600 })), 401, "exp is checked");
    assert.equal(
      await status(tokens.issueToken({ access: [{ type: "repository", name: repository, actions: ["pull"] }] })),
      401,
      "the token must grant the scope",
    );
  });

  test("test login fetches a token with the saved credentials; a wrong password says authentication failed", async () => {
    const watched = watchTokens();
    const result = await testSavedRegistry({ id: registryId!, actor: "test" });
    assert.deepEqual(result, { ok: true, status: 200, message: `Login Succeeded: ${registry.address} accepted ${USERNAME}.` });
    assert.equal(watched.requests.length, 1, describeRequests(watched.requests));
    assert.deepEqual(
      { service: watched.requests[0]!.service, username: watched.requests[0]!.username, status: watched.requests[0]!.status },
      { service: tokens.service, username: USERNAME, status: 200 },
    );

    await updateRegistry({ id: registryId!, changes: { password: "wrong-password" }, actor: "test" });
    try {
      const wrong = watchTokens();
      const failed = await testSavedRegistry({ id: registryId!, actor: "test" });
      assert.equal(failed.ok, false);
      assert.equal(failed.status, 401);
      assert.equal(failed.message, `Authentication failed for ${registry.address}: the registry refused ${USERNAME}'s credentials.`);
      assert.deepEqual(
        wrong.requests.map((request) => request.status),
        [401],
        "the token server refused the wrong password",
      );
      const entry = (await listAuditEntries({ action: "registry.login", target: registry.address })).entries[0]!;
      assert.equal(entry.outcome, "failed");
      assert.match(entry.error ?? "", /Authentication failed/);
      assert.ok(!JSON.stringify(entry).includes("wrong-password"));
    } finally {
      await updateRegistry({ id: registryId!, changes: { password: PASSWORD }, actor: "test" });
    }
  });

  test("push: the engine gets a push token with the credentials the dashboard passed, and progress streams per layer", async () => {
    const watched = watchTokens();
    const operation = await pushImage({ ref: reference, actor: "test" });
    const statuses = new Map<string, Set<string>>();
    let next = await operation.next();
    while (!next.done) {
      const { id, status } = next.value;
      if (id && status) statuses.set(id, (statuses.get(id) ?? new Set()).add(status));
      next = await operation.next();
    }
    const result = next.value;
    assert.match(result.digest ?? "", /^sha256:[0-9a-f]{64}$/);
    const layerIds = docker("image", "inspect", "--format", "{{range .RootFS.Layers}}{{println .}}{{end}}", reference)
      .split("\n")
      .filter(Boolean)
      .map((diffId) => diffId.replace(/^sha256:/, "").slice(0, 12));
    for (const layer of layerIds) {
      assert.ok(statuses.get(layer)?.has("Preparing"), `layer ${layer}: ${[...(statuses.get(layer) ?? [])].join(", ")}`);
      assert.ok(statuses.get(layer)?.has("Pushed"), `layer ${layer} was pushed: ${[...(statuses.get(layer) ?? [])].join(", ")}`);
    }
    // The engine's token request: Basic credentials of the saved registry, push and pull on the repository.
    const engine = watched.requests.filter(fromEngine);
    assert.ok(
      engine.some(
        (request) =>
          request.status === 200 &&
          request.username === USERNAME &&
          request.account === USERNAME &&
          request.service === tokens.service &&
          request.granted.some(
            (access) => access.name === repository && access.actions.includes("push") && access.actions.includes("pull"),
          ),
      ),
      describeRequests(watched.requests),
    );
    // The dashboard then reads the pushed manifest (to count the bytes) with a pull token of its own.
    assert.ok(
      watched.requests.some(
        (request) => fromDashboard(request) && request.status === 200 && request.scopes.includes(`repository:${repository}:pull`),
      ),
      describeRequests(watched.requests),
    );
    assert.ok(result.bytes >= 256 * 1024, `bytes moved are counted from the manifest (${result.bytes})`);
    const entry = (await listAuditEntries({ action: "image.push", target: reference })).entries[0]!;
    assert.equal(entry.outcome, "succeeded");
    assert.equal(entry.command, `docker push ${reference}`);
    assert.ok(!JSON.stringify(entry).includes(PASSWORD));
  });

  test("browse: the catalog and the tags, each with a token for its own scope", async () => {
    const credentials = await registryCredentials(registryId!);
    const watched = watchTokens();
    assert.ok((await listRepositories(credentials)).includes(repository));
    assert.deepEqual(await listRepositoryTags(credentials, repository), ["1"]);
    assert.deepEqual(
      watched.requests.map((request) => ({ scopes: request.scopes, username: request.username, status: request.status })),
      [
        { scopes: ["registry:catalog:*"], username: USERNAME, status: 200 },
        { scopes: [`repository:${repository}:pull`], username: USERNAME, status: 200 },
      ],
    );
  });

  test("a challenge naming two scopes gets a token for both (cross-repository blob mount)", async () => {
    const credentials = await registryCredentials(registryId!);
    const manifest = (await (
      await registryFetch(credentials, registry.address, `/v2/${repository}/manifests/1`, {
        headers: { accept: "application/vnd.docker.distribution.manifest.v2+json" },
      })
    ).json()) as { layers: { digest: string }[] };
    const blob = manifest.layers.at(-1)!.digest;
    const copy = `${repository}-copy`;
    const watched = watchTokens();
    // The registry asks for push on the target and pull on the source in one challenge, its
    // scopes separated by a space; the spec has the client send each as its own `scope` parameter.
    const mounted = await registryFetch(credentials, registry.address, `/v2/${copy}/blobs/uploads/?mount=${blob}&from=${repository}`, {
      method: "POST",
    });
    assert.equal(mounted.status, 201, `${await mounted.text()}\n${describeRequests(watched.requests)}`);
    assert.equal(mounted.headers.get("docker-content-digest"), blob);
    // The registry lists a scope's actions in no fixed order.
    const normalized = (scope: string) =>
      scope.replace(/:([^:]*)$/, (_match, actions: string) => `:${actions.split(",").sort().join(",")}`);
    assert.deepEqual(
      watched.requests.at(-1)?.scopes.map(normalized).sort(),
      [`repository:${copy}:pull,push`, `repository:${repository}:pull`].sort(),
    );
    assert.equal((await registryFetch(credentials, registry.address, `/v2/${copy}/blobs/${blob}`, { method: "HEAD" })).status, 200);
  });

  test("pull brings the image back after rmi, the engine fetching a pull token", async () => {
    const id = imageId(reference);
    docker("rmi", reference);
    const watched = watchTokens();
    const result = await runToEnd(await pullImage({ reference, actor: "test" }));
    assert.equal(result.id, id);
    assert.equal(imageId(reference), id);
    assert.ok(
      watched.requests.some(
        (request) => fromEngine(request) && request.status === 200 && request.scopes.includes(`repository:${repository}:pull`),
      ),
      describeRequests(watched.requests),
    );
    const entry = (await listAuditEntries({ action: "image.pull", target: reference })).entries[0]!;
    assert.equal(entry.outcome, "succeeded");
  });

  test("with a wrong password the engine's push and pull fail saying authentication failed", async () => {
    await updateRegistry({ id: registryId!, changes: { password: "wrong-password" }, actor: "test" });
    try {
      const watched = watchTokens();
      const started = Date.now();
      await rejectsWithStatus(
        (async () => runToEnd(await pushImage({ ref: reference, actor: "test" })))(),
        502,
        new RegExp(`Authentication failed for registry ${escapeRegExp(registry.address)}`),
      );
      await rejectsWithStatus((async () => runToEnd(await pullImage({ reference, actor: "test" })))(), 502, /Authentication failed/);
      assert.ok(Date.now() - started < 20_000, "no retries on bad credentials");
      assert.ok(
        watched.requests.length > 0 && watched.requests.every((request) => request.status === 401),
        describeRequests(watched.requests),
      );
    } finally {
      await updateRegistry({ id: registryId!, changes: { password: PASSWORD }, actor: "test" });
    }
  });

  test("a tag deleted through the dashboard is gone from the registry, with a delete token", async () => {
    const credentials = await registryCredentials(registryId!);
    const watched = watchTokens();
    const { digest } = await deleteRepositoryTag(credentials, repository, "1");
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(
      watched.requests.map((request) => request.scopes),
      [[`repository:${repository}:pull`], [`repository:${repository}:delete`]],
      describeRequests(watched.requests),
    );
    assert.deepEqual(await listRepositoryTags(credentials, repository), []);
    await rejectsWithStatus(deleteRepositoryTag(credentials, repository, "1"), 404, new RegExp(escapeRegExp(`${repository}:1`)));
    await rejectsWithStatus(
      (async () => runToEnd(await pullImage({ reference, actor: "test" })))(),
      404,
      new RegExp(escapeRegExp(reference)),
    );
  });
});

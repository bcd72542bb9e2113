/**
 * Several engines at once, through the route handlers in-process: the private test engine (A, the
 * default), a second private dockerd (B) that also listens on tcp://127.0.0.1 with --tlsverify
 * (certificates made here with openssl), a socket proxy in front of B that the test closes (a down
 * engine), a TCP port that accepts and never answers (an engine that times out), and a private
 * Podman service. What runs on one engine must never show on another.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { docker, eventually, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import {
  copyImageBetweenEngines,
  makeTlsCertificates,
  startPodmanService,
  startPrivateEngine,
  type PodmanService,
  type PrivateEngine,
  type TlsFiles,
} from "@/lib/testing/engines";
import { captureOutput, prepareRouteTests } from "@/lib/testing/route-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { EngineSocketProxy, freePort } from "@/lib/testing/server";

requireSandboxEngine();
const engineA = process.env.DOCKER_HOST!;
prepareRouteTests();

type EngineView = {
  id: string;
  name: string;
  host: string;
  kind: string;
  default: boolean;
  state: "up" | "down";
  reason?: string;
  error?: string;
  version?: string;
  apiVersion?: string;
  os?: string;
  storageDriver?: string;
  tls: boolean;
};
type ImageList = { images: { id: string; repoTags: string[] }[] };
type AuditPage = { entries: { action: string; engine: string; engineId: string; command: string; outcome: string; target: string }[] };

const BASE = "local/busybox:1";
const ref = (reference: string) => encodeURIComponent(reference);
const tags = (list: ImageList) => list.images.flatMap((image) => image.repoTags);

describe("many engines", () => {
  const clients = signInEveryRole();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "eng-"));
  const log = captureOutput();
  let engineB: PrivateEngine;
  let tls: TlsFiles;
  let tlsPort: number;
  let b: EngineView;

  before(async () => {
    tls = makeTlsCertificates(path.join(work, "certs"));
    tlsPort = await freePort();
    engineB = startPrivateEngine(path.join(work, "b"), [
      "--tlsverify",
      `--tlscacert=${tls.caFile}`,
      `--tlscert=${tls.serverCertFile}`,
      `--tlskey=${tls.serverKeyFile}`,
      `--host=tcp://127.0.0.1:${tlsPort}`,
    ]);
    copyImageBetweenEngines(BASE, engineA, engineB.host);
  });

  after(() => {
    engineB?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("an admin adds a second engine after a ping; viewers list both with version and storage driver", async () => {
    const denied = await clients.operator.fetch("/api/engines", {
      method: "POST",
      body: JSON.stringify({ name: "b", host: engineB.host }),
    });
    assert.equal(denied.status, 403);
    b = await clients.admin.json<EngineView>(
      "/api/engines",
      { method: "POST", body: JSON.stringify({ name: "engine-b", host: engineB.host }) },
      201,
    );
    assert.equal(b.name, "engine-b");
    assert.equal(b.state, "up");
    assert.equal(b.kind, "docker");
    assert.equal(b.default, false);
    assert.match(b.id, /^[a-z0-9]{20,}$/);
    const list = await clients.viewer.json<{ engines: EngineView[]; current: string }>("/api/engines");
    assert.deepEqual(
      list.engines.map((engine) => [engine.id, engine.host, engine.state]),
      [
        ["default", engineA, "up"],
        [b.id, engineB.host, "up"],
      ],
    );
    for (const engine of list.engines) {
      assert.match(engine.version ?? "", /^\d+\.\d+/);
      assert.match(engine.apiVersion ?? "", /^1\.\d+$/);
      assert.equal(engine.storageDriver, "overlay2");
      assert.ok(engine.os);
    }
    assert.equal(list.current, "default");
    const duplicate = await clients.admin.fetch("/api/engines", {
      method: "POST",
      body: JSON.stringify({ name: "engine-b", host: engineB.host }),
    });
    assert.equal(duplicate.status, 409);
  });

  test("each engine lists, inspects and counts its own images only", async () => {
    const onA = await clients.viewer.json<ImageList>("/api/images");
    const onB = await clients.viewer.json<ImageList>(`/api/images?engine=${b.id}`);
    assert.ok(tags(onA).includes("seed/fat:1"));
    assert.deepEqual(tags(onB), [BASE]);
    assert.equal((await clients.viewer.fetch(`/api/images/${ref("seed/fat:1")}?engine=${b.id}`)).status, 404);
    const detail = await clients.viewer.json<{ summary: { id: string } }>(`/api/images/${ref(BASE)}?engine=${b.id}`);
    assert.equal(detail.summary.id, onB.images[0]!.id);
    const headerA = await clients.viewer.json<{ images: number; engineId: string }>("/api/engine");
    const headerB = await clients.viewer.json<{ images: number; engineId: string; engineName: string; dockerHost: string }>(
      `/api/engine?engine=${b.id}`,
    );
    assert.equal(headerB.images, 1);
    assert.ok(headerA.images > 1);
    assert.deepEqual(
      [headerA.engineId, headerB.engineId, headerB.engineName, headerB.dockerHost],
      ["default", b.id, "engine-b", engineB.host],
    );
  });

  test("a tag and a remove on B happen on B only, and the audit rows name B", async () => {
    const repo = uniqueName("only-on-b");
    await clients.operator.json(
      `/api/images/${ref(BASE)}/tag?engine=${b.id}`,
      { method: "POST", body: JSON.stringify({ repo, tag: "1" }) },
      201,
    );
    assert.ok(tags(await clients.viewer.json<ImageList>(`/api/images?engine=${b.id}`)).includes(`${repo}:1`));
    assert.ok(!tags(await clients.viewer.json<ImageList>("/api/images")).includes(`${repo}:1`));
    assert.equal(docker("-H", engineB.host, "image", "inspect", "--format", "{{.Id}}", `${repo}:1`).startsWith("sha256:"), true);
    assert.equal((await clients.viewer.fetch(`/api/images/${ref(`${repo}:1`)}`)).status, 404);
    // The same name on A is another image: removing it on A must leave B's alone.
    docker("tag", "seed/web:1", `${repo}:1`);
    await clients.admin.json(`/api/images/${ref(`${repo}:1`)}`, { method: "DELETE" });
    assert.equal(docker("-H", engineB.host, "image", "inspect", "--format", "{{.Id}}", `${repo}:1`).startsWith("sha256:"), true);
    await clients.admin.json(`/api/images/${ref(`${repo}:1`)}?engine=${b.id}`, { method: "DELETE" });
    assert.ok(!tags(await clients.viewer.json<ImageList>(`/api/images?engine=${b.id}`)).includes(`${repo}:1`));
    const removals = await clients.admin.json<AuditPage>(`/api/audit?target=${repo}&limit=10`);
    assert.deepEqual(
      removals.entries.map((entry) => [entry.action, entry.engineId, entry.engine]),
      [
        ["image.remove", b.id, `engine-b (${engineB.host})`],
        ["image.remove", "default", engineA],
      ],
    );
    const onB = await clients.admin.json<AuditPage>(`/api/audit?engineId=${b.id}&limit=10`);
    assert.deepEqual(
      onB.entries.filter((entry) => entry.command.includes(repo)).map((entry) => [entry.action, entry.engine]),
      [
        ["image.remove", `engine-b (${engineB.host})`],
        ["image.tag", `engine-b (${engineB.host})`],
      ],
    );
    const onA = await clients.admin.json<AuditPage>(`/api/audit?engineId=default&limit=10`);
    assert.deepEqual(
      onA.entries.filter((entry) => entry.command.includes(repo)).map((entry) => entry.action),
      ["image.remove"],
    );
  });

  test("events of B reach B's stream, with B's id", async () => {
    const controller = new AbortController();
    const response = await clients.viewer.fetch(`/api/events?engine=${b.id}`, { signal: controller.signal });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    let text = "";
    const read = async (until: RegExp) => {
      const deadline = Date.now() + 5_000;
      // The engine's event stream does not hold the process open: this timer does, while waiting.
      const keepAlive = setInterval(() => undefined, 1_000);
      try {
        while (!until.test(text) && Date.now() < deadline) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
        }
      } finally {
        clearInterval(keepAlive);
      }
      assert.match(text, until);
    };
    try {
      await read(/"type":"engine-state","action":"up"/);
      assert.match(text, new RegExp(`"engine":"${b.id}"`));
      assert.ok(text.includes(JSON.stringify(engineB.host)), "the state event names B's host");
      const repo = uniqueName("event-on-b");
      docker("-H", engineB.host, "tag", BASE, `${repo}:1`);
      await read(new RegExp(`"type":"image","action":"tag".*"name":"${repo}:1"`));
      docker("-H", engineB.host, "rmi", `${repo}:1`);
    } finally {
      controller.abort();
    }
  });

  test("a console opened on B stays on B: resize and hang-up go there whatever engine the later request names", async () => {
    const name = uniqueName("console-on-b");
    docker("-H", engineB.host, "run", "-d", "--name", name, BASE, "sleep", "300");
    try {
      const opened = await clients.operator.json<{ session: string }>(
        `/api/containers/${name}/exec?engine=${b.id}`,
        { method: "POST", body: JSON.stringify({ command: ["sh"], cols: 80, rows: 24 }) },
        201,
      );
      // No ?engine= on the follow-up requests: the session knows its engine.
      const resized = await clients.operator.fetch(`/api/exec/${opened.session}/resize`, {
        method: "POST",
        body: JSON.stringify({ cols: 100, rows: 30 }),
      });
      assert.equal(resized.status, 204, await resized.text());
      const ended = await clients.operator.json<{ state: string; endedBy: string }>(`/api/exec/${opened.session}`, { method: "DELETE" });
      assert.equal(ended.state, "ended");
      const shells = docker("-H", engineB.host, "exec", name, "sh", "-c", "ps -o args | grep -c '^sh$' || true");
      assert.equal(shells, "0", "the shell on B was hung up");
    } finally {
      docker("-H", engineB.host, "rm", "-f", name);
    }
  });

  test("an unknown engine id is a 404 naming it, on every engine-scoped route", async () => {
    for (const route of ["/api/images?engine=nope", "/api/engine?engine=nope", "/api/containers?engine=nope", "/api/events?engine=nope"]) {
      const response = await clients.viewer.fetch(route);
      assert.equal(response.status, 404, route);
      const body = (await response.json()) as { code: string; error: string };
      assert.equal(body.code, "not_found:engine");
      assert.match(body.error, /No engine with id nope/);
    }
  });

  test("a TLS engine is added with its PEMs and lists its images; a wrong CA or no TLS is a 400 naming TLS", async () => {
    const host = `tcp://127.0.0.1:${tlsPort}`;
    const wrong = makeTlsCertificates(path.join(work, "other-certs"), "other");
    const refused = await clients.admin.fetch("/api/engines", {
      method: "POST",
      body: JSON.stringify({ name: "b-tls-wrong", host, tls: { ca: wrong.ca, cert: tls.cert, key: tls.key } }),
    });
    assert.equal(refused.status, 400);
    const refusal = (await refused.json()) as { error: string; reason: string; code: string };
    assert.equal(refusal.code, "bad_request:engine");
    assert.equal(refusal.reason, "tls");
    assert.match(refusal.error, /b-tls-wrong.*TLS error/);
    const plain = await clients.admin.fetch("/api/engines", { method: "POST", body: JSON.stringify({ name: "b-plain", host }) });
    assert.equal(plain.status, 400);
    assert.match(((await plain.json()) as { error: string }).error, /TLS/);

    const added = await clients.admin.json<EngineView>(
      "/api/engines",
      { method: "POST", body: JSON.stringify({ name: "b-tls", host, tls: { ca: tls.ca, cert: tls.cert, key: tls.key } }) },
      201,
    );
    assert.equal(added.state, "up");
    assert.equal(added.tls, true);
    assert.deepEqual(tags(await clients.viewer.json<ImageList>(`/api/images?engine=${added.id}`)), [BASE]);
    // The key and certificates never come back, nor reach the log.
    const listed = JSON.stringify(await clients.admin.json("/api/engines"));
    for (const secret of [tls.key, tls.cert]) {
      const body = secret.split("\n")[1]!;
      assert.ok(!listed.includes(body));
      assert.ok(!log().includes(body));
    }
    const audit = await clients.admin.json<AuditPage>("/api/audit?action=engine.add&limit=20");
    const row = audit.entries.find((entry) => entry.target === "b-tls" && entry.outcome === "succeeded")!;
    assert.equal(row.command, `docker context create b-tls --docker host=${host},ca=ca.pem,cert=cert.pem,key=key.pem`);
    assert.equal(row.engineId, added.id);
    assert.ok(audit.entries.some((entry) => entry.target === "b-tls-wrong" && entry.outcome === "failed"));
    await clients.admin.json(`/api/engines/${added.id}`, { method: "DELETE" });
  });

  test("a down engine answers 503 naming it, and does not slow the list of engines", async () => {
    const proxy = new EngineSocketProxy(path.join(work, "c.sock"), engineB.host.slice("unix://".length));
    await proxy.open();
    const c = await clients.admin.json<EngineView>(
      "/api/engines",
      { method: "POST", body: JSON.stringify({ name: "engine-c", host: `unix://${proxy.socketPath}` }) },
      201,
    );
    await proxy.close();
    const images = await clients.viewer.fetch(`/api/images?engine=${c.id}`);
    assert.equal(images.status, 503);
    const body = (await images.json()) as { error: string; engine: string };
    assert.match(body.error, new RegExp(`Docker engine "engine-c" at unix://${proxy.socketPath} is not reachable`));
    assert.equal(body.engine, c.id);
    const header = await clients.viewer.fetch(`/api/engine?engine=${c.id}`);
    assert.equal(header.status, 503);
    assert.equal(((await header.json()) as { engineName: string }).engineName, "engine-c");

    // An engine that accepts connections and never answers (stored directly: a ping would refuse it).
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { getDb } = await import("@/lib/db");
    const stuck = await getDb().engine.create({
      data: { name: "engine-silent", host: `tcp://127.0.0.1:${(silent.address() as net.AddressInfo).port}` },
    });
    try {
      const started = Date.now();
      const list = await clients.viewer.json<{ engines: EngineView[] }>("/api/engines");
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 4_000, `GET /api/engines took ${elapsed} ms`);
      const byName = new Map(list.engines.map((engine) => [engine.name, engine]));
      assert.equal(byName.get("engine-b")?.state, "up");
      assert.equal(byName.get("default")?.state, "up");
      assert.deepEqual([byName.get("engine-c")?.state, byName.get("engine-c")?.reason], ["down", "refused"]);
      assert.deepEqual([byName.get("engine-silent")?.state, byName.get("engine-silent")?.reason], ["down", "timeout"]);
      assert.match(byName.get("engine-silent")?.error ?? "", /timeout/);
      // Asked again, the silent engine is answered from that look (re-checked behind), at once.
      const again = Date.now();
      const second = await clients.viewer.json<{ engines: EngineView[] }>("/api/engines");
      assert.ok(Date.now() - again < 1_000, `the second GET /api/engines took ${Date.now() - again} ms`);
      assert.equal(second.engines.find((engine) => engine.name === "engine-silent")?.reason, "timeout");
      // The Test button always looks afresh.
      const tested = await clients.admin.json<EngineView>(`/api/engines/${stuck.id}/test`, { method: "POST" });
      assert.deepEqual([tested.state, tested.reason], ["down", "timeout"]);
    } finally {
      await getDb().engine.delete({ where: { id: stuck.id } });
      silent.close();
    }
    // Back up: the same engine answers again without being touched.
    await proxy.open();
    await eventually(async () => assert.equal((await clients.viewer.fetch(`/api/images?engine=${c.id}`)).status, 200), 5_000);
    await proxy.close();
    await clients.admin.json(`/api/engines/${c.id}`, { method: "DELETE" });
  });

  test("an engine is renamed and re-pointed only to something that answers; removed, it is a 404", async () => {
    const renamed = await clients.admin.json<EngineView>(`/api/engines/${b.id}`, {
      method: "PATCH",
      body: JSON.stringify({ name: "engine-b2" }),
    });
    assert.equal(renamed.name, "engine-b2");
    const broken = await clients.admin.fetch(`/api/engines/${b.id}`, {
      method: "PATCH",
      body: JSON.stringify({ host: `unix://${path.join(work, "nothing.sock")}` }),
    });
    assert.equal(broken.status, 400);
    assert.match(((await broken.json()) as { error: string }).error, /refused the connection/);
    assert.equal((await clients.viewer.json<EngineView>(`/api/engines/${b.id}`)).host, engineB.host);
    assert.equal((await clients.admin.fetch("/api/engines/default", { method: "DELETE" })).status, 400);

    await clients.viewer.json(`/api/engines/current`, { method: "PUT", body: JSON.stringify({ engineId: b.id }) });
    assert.equal((await clients.viewer.json<{ engineId: string }>("/api/engines/current")).engineId, b.id);
    assert.equal((await clients.viewer.json<{ current: string }>("/api/engines")).current, b.id);
    assert.equal(
      (await clients.viewer.fetch("/api/engines/current", { method: "PUT", body: JSON.stringify({ engineId: "nope" }) })).status,
      404,
    );

    const events = await clients.viewer.fetch(`/api/events?engine=${b.id}`);
    assert.equal(events.status, 200);
    await clients.admin.json(`/api/engines/${b.id}`, { method: "DELETE" });
    assert.equal((await clients.viewer.fetch(`/api/images?engine=${b.id}`)).status, 404);
    // An open event stream of the removed engine ends by itself (its next check, within 5 s).
    const reader = events.body!.getReader();
    const keepAlive = setInterval(() => undefined, 1_000);
    const started = Date.now();
    try {
      while (!(await reader.read()).done) assert.ok(Date.now() - started < 8_000, "the stream of a removed engine is still open");
    } finally {
      clearInterval(keepAlive);
    }
    assert.equal((await clients.viewer.json<{ engineId: string }>("/api/engines/current")).engineId, "default");
    const audit = await clients.admin.json<AuditPage>(`/api/audit?engineId=${b.id}&limit=50`);
    const actions = audit.entries.map((entry) => [entry.action, entry.outcome, entry.command]);
    assert.deepEqual(actions.slice(0, 3), [
      ["engine.remove", "succeeded", "docker context rm engine-b2"],
      ["engine.update", "failed", `docker context update engine-b2 --docker host=unix://${path.join(work, "nothing.sock")}`],
      ["engine.update", "succeeded", `docker context update engine-b --docker host=${engineB.host}`],
    ]);
  });

  test("keys sealed with another secret key make the engine a 503 saying so, and PATCH gives them again", async () => {
    const { getDb } = await import("@/lib/db");
    const { createSecretBox } = await import("@/lib/secrets/secret-box");
    const otherBox = createSecretBox(Buffer.alloc(32, 7));
    const host = `tcp://127.0.0.1:${tlsPort}`;
    const row = await getDb().engine.create({
      data: {
        name: "engine-old-key",
        host,
        tlsCaSealed: otherBox.seal(tls.ca),
        tlsCertSealed: otherBox.seal(tls.cert),
        tlsKeySealed: otherBox.seal(tls.key),
      },
    });
    const images = await clients.viewer.fetch(`/api/images?engine=${row.id}`);
    assert.equal(images.status, 503);
    assert.match(((await images.json()) as { error: string }).error, /engine-old-key.*cannot be opened.*DASHBOARD_SECRET_KEY/);
    const listed = (await clients.viewer.json<{ engines: EngineView[] }>("/api/engines")).engines.find((engine) => engine.id === row.id)!;
    assert.deepEqual([listed.state, listed.reason], ["down", "unreachable"]);
    const fixed = await clients.admin.json<EngineView>(`/api/engines/${row.id}`, {
      method: "PATCH",
      body: JSON.stringify({ tls: { ca: tls.ca, cert: tls.cert, key: tls.key } }),
    });
    assert.equal(fixed.state, "up");
    assert.equal((await clients.viewer.fetch(`/api/images?engine=${row.id}`)).status, 200);
    await clients.admin.json(`/api/engines/${row.id}`, { method: "DELETE" });
  });

  test("a Podman service is added by its socket as a podman engine and lists its images", async () => {
    let podman: PodmanService | null = null;
    try {
      podman = await startPodmanService(path.join(work, "podman"));
      const added = await clients.admin.json<EngineView>(
        "/api/engines",
        { method: "POST", body: JSON.stringify({ name: "podman", host: podman.host }) },
        201,
      );
      assert.equal(added.kind, "podman");
      assert.equal(added.state, "up");
      assert.equal(added.storageDriver, "vfs");
      const list = await clients.viewer.json<ImageList>(`/api/images?engine=${added.id}`);
      assert.deepEqual(list.images, []);
      await clients.admin.json(`/api/engines/${added.id}`, { method: "DELETE" });
    } finally {
      podman?.stop();
    }
  });
});

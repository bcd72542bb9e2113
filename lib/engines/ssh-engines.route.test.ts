/**
 * An engine reached over ssh, through the route handlers in-process: the private test engine
 * behind a private sshd on 127.0.0.1 (lib/testing/sshd.ts), added by an admin with a test key.
 * Its host key is read and pinned when it is added; a server that later shows another host key is
 * refused on every request, naming both fingerprints.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eventually, requireSandboxEngine } from "@/lib/testing/docker-cli";
import { captureOutput, prepareRouteTests } from "@/lib/testing/route-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { makeSshKey, sshKeygenFingerprint, startSshd, type PrivateSshd } from "@/lib/testing/sshd";

requireSandboxEngine();
const dockerHost = process.env.DOCKER_HOST!;
prepareRouteTests();

type EngineView = {
  id: string;
  name: string;
  host: string;
  state: "up" | "down";
  reason?: string;
  error?: string;
  version?: string;
  sshHostKey?: string;
};
type ImageList = { images: { id: string; repoTags: string[] }[] };
type ErrorBody = { error: string; code: string; reason?: string; engine?: string };

describe("an engine over ssh", () => {
  const clients = signInEveryRole();
  const log = captureOutput();
  let sshd: PrivateSshd;
  let host: string;
  let added: EngineView;

  before(async () => {
    sshd = await startSshd({ dockerHost });
    host = `ssh://${sshd.username}@127.0.0.1:${sshd.port}`;
  });
  after(async () => {
    if (added) await clients.admin.fetch(`/api/engines/${added.id}`, { method: "DELETE" });
    await sshd?.stop();
  });

  test("an admin adds it with a key; its host key is pinned and its images are listed", async () => {
    added = await clients.admin.json<EngineView>(
      "/api/engines",
      { method: "POST", body: JSON.stringify({ name: "over-ssh", host, sshKey: sshd.clientKey.privateKey }) },
      201,
    );
    assert.equal(added.state, "up");
    assert.equal(added.host, host);
    assert.match(added.version ?? "", /^\d+\.\d+/);
    assert.equal(added.sshHostKey, sshKeygenFingerprint(sshd.hostKey.publicKeyFile));
    const images = await clients.viewer.json<ImageList>(`/api/images?engine=${added.id}`);
    assert.ok(images.images.some((image) => image.repoTags.includes("seed/fat:1")));
    const detail = await clients.viewer.json<{ summary: { repoTags: string[] } }>(
      `/api/images/${encodeURIComponent("seed/web:1")}?engine=${added.id}`,
    );
    assert.ok(detail.summary.repoTags.includes("seed/web:1"));
    // The private key never comes back, nor reaches the log.
    const keyLine = sshd.clientKey.privateKey.split("\n")[1]!;
    assert.ok(!JSON.stringify(await clients.admin.json("/api/engines")).includes(keyLine));
    assert.ok(!log().includes(keyLine));
  });

  test("pages over ssh: the images list and an image page, median of 20, beside the same engine on its socket", async (t) => {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const time = async (path: string) => {
      await clients.viewer.json(path); // warm: connection, caches
      const durations: number[] = [];
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        await clients.viewer.json(path);
        durations.push(performance.now() - start);
      }
      return median(durations);
    };
    const detail = `/api/images/${encodeURIComponent("seed/web:1")}`;
    const figures = {
      listSocket: await time("/api/images"),
      listSsh: await time(`/api/images?engine=${added.id}`),
      detailSocket: await time(detail),
      detailSsh: await time(`${detail}?engine=${added.id}`),
    };
    t.diagnostic(
      `median ms: GET /api/images socket ${figures.listSocket.toFixed(1)}, ssh ${figures.listSsh.toFixed(1)}; ` +
        `GET /api/images/seed%2Fweb:1 socket ${figures.detailSocket.toFixed(1)}, ssh ${figures.detailSsh.toFixed(1)}`,
    );
    // A handshake (or a remote login shell) per request would cost hundreds of ms per page here.
    assert.ok(figures.listSsh < 150, `images list over ssh: ${figures.listSsh} ms`);
    assert.ok(figures.detailSsh < 250, `image page over ssh: ${figures.detailSsh} ms`);
  });

  test("a key the server does not authorize is a 400 naming the authentication", async () => {
    const response = await clients.admin.fetch("/api/engines", {
      method: "POST",
      body: JSON.stringify({ name: "over-ssh-stranger", host, sshKey: makeSshKey("stranger").privateKey }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as ErrorBody;
    assert.equal(body.reason, "authentication");
    assert.match(body.error, new RegExp(`ssh authentication as ${sshd.username} to 127\\.0\\.0\\.1:${sshd.port} failed`));
  });

  test("an ssh server that is not there is a 400 saying its host key could not be read", async () => {
    const gone = await startSshd({ dockerHost });
    await gone.stop();
    const response = await clients.admin.fetch("/api/engines", {
      method: "POST",
      body: JSON.stringify({ name: "over-ssh-gone", host: `ssh://root@127.0.0.1:${gone.port}`, sshKey: sshd.clientKey.privateKey }),
    });
    assert.equal(response.status, 400);
    assert.match(
      ((await response.json()) as ErrorBody).error,
      /Could not read the ssh host key of ssh:\/\/root@127\.0\.0\.1:\d+: .*refused/,
    );
  });

  test("a changed host key is refused on every request, naming both fingerprints; the right server is back, it answers", async () => {
    const port = sshd.port;
    const expected = sshKeygenFingerprint(sshd.hostKey.publicKeyFile);
    await sshd.stop();
    const impostor = await startSshd({ dockerHost, clientKey: sshd.clientKey, port });
    const got = sshKeygenFingerprint(impostor.hostKey.publicKeyFile);
    try {
      const images = await clients.viewer.fetch(`/api/images?engine=${added.id}`);
      assert.equal(images.status, 503);
      const body = (await images.json()) as ErrorBody;
      assert.equal(body.engine, added.id);
      assert.equal(
        body.error,
        `Docker engine "over-ssh" at ${host} is not reachable: host key of 127.0.0.1:${port} changed: expected ${expected}, got ${got}.`,
      );
      const listed = (await clients.viewer.json<{ engines: EngineView[] }>("/api/engines")).engines.find(
        (engine) => engine.id === added.id,
      )!;
      assert.deepEqual([listed.state, listed.reason], ["down", "authentication"]);
      assert.match(listed.error ?? "", /host key of 127\.0\.0\.1:\d+ changed/);
    } finally {
      await impostor.stop();
    }
    sshd = await startSshd({ dockerHost, clientKey: sshd.clientKey, hostKey: sshd.hostKey, port });
    // The next request reconnects; one already on its way when the server came back may still fail.
    await eventually(async () => assert.equal((await clients.viewer.fetch(`/api/images?engine=${added.id}`)).status, 200), 10_000);
  });
});

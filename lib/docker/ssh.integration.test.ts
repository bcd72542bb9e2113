import assert from "node:assert/strict";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { after, before, describe, test } from "node:test";
import Docker from "dockerode";
import { closeSshDocker, createSshDocker, readSshHostKey, SshEngineError, sshConnectionStats } from "@/lib/docker/ssh";
import { docker as dockerCli, eventually, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { makeSshKey, sshKeygenFingerprint, startSshd, type PrivateSshd } from "@/lib/testing/sshd";

requireSandboxEngine();

// The private engine behind a private sshd: every call below goes 127.0.0.1:PORT → sshd → a
// `docker system dial-stdio` session → the engine's unix socket.
const dockerHost = process.env.DOCKER_HOST!;
const direct = new Docker({ socketPath: dockerHost.slice("unix://".length) });
let sshd: PrivateSshd;
let pinned: string;
const clients: Docker[] = [];

function sshClient(overrides: Partial<Parameters<typeof createSshDocker>[0]> = {}, server: PrivateSshd = sshd): Docker {
  const client = createSshDocker({
    host: server.host,
    port: server.port,
    username: server.username,
    privateKey: server.clientKey.privateKey,
    hostKey: pinned,
    ...overrides,
  });
  clients.push(client);
  return client;
}

async function countBytes(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback();
      },
    }),
  );
  return bytes;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function rejection(promise: Promise<unknown>): Promise<SshEngineError> {
  const error = await promise.then(
    () => assert.fail("expected the request to fail"),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof SshEngineError, `an SshEngineError, got ${String(error)}`);
  return error;
}

before(async () => {
  sshd = await startSshd({ dockerHost });
  const hostKey = await readSshHostKey({ host: sshd.host, port: sshd.port });
  pinned = `${hostKey.algorithm} ${hostKey.key}`;
});

after(async () => {
  for (const client of clients) closeSshDocker(client);
  await sshd?.stop();
});

describe("readSshHostKey", () => {
  test("reads the host key without authenticating; its fingerprint is the one ssh-keygen -lf prints", async () => {
    const hostKey = await readSshHostKey({ host: sshd.host, port: sshd.port });
    assert.equal(hostKey.algorithm, "ssh-ed25519");
    assert.equal(hostKey.fingerprint, sshKeygenFingerprint(sshd.hostKey.publicKeyFile));
    assert.equal(`${hostKey.algorithm} ${hostKey.key}`, sshd.hostKey.publicKey.split(" ").slice(0, 2).join(" "));
    assert.doesNotMatch(sshd.output(), /Accepted publickey/, "no authentication was attempted");
  });

  test("an RSA host key too", async () => {
    const rsa = await startSshd({ dockerHost, hostKey: makeSshKey("rsa-host", "rsa") });
    try {
      const hostKey = await readSshHostKey({ host: rsa.host, port: rsa.port });
      assert.equal(hostKey.algorithm, "ssh-rsa");
      assert.equal(hostKey.fingerprint, sshKeygenFingerprint(rsa.hostKey.publicKeyFile));
    } finally {
      await rsa.stop();
    }
  });

  test("nothing listening: a refusal naming host and port", async () => {
    const closed = await startSshd({ dockerHost });
    await closed.stop();
    const error = await rejection(readSshHostKey({ host: closed.host, port: closed.port }));
    assert.equal(error.code, "ECONNREFUSED");
    assert.match(error.message, new RegExp(`ssh connection to 127\\.0\\.0\\.1:${closed.port} failed: the connection was refused`));
  });
});

describe("engine API over one persistent ssh connection", () => {
  let ssh: Docker;
  before(() => {
    ssh = sshClient();
  });

  test("ping, version and info answer as the engine does on its socket", async () => {
    assert.equal(String(await ssh.ping()), "OK");
    const [overSsh, onSocket] = await Promise.all([ssh.version(), direct.version()]);
    assert.equal(overSsh.Version, onSocket.Version);
    assert.equal(overSsh.ApiVersion, onSocket.ApiVersion);
    const info = await ssh.info();
    assert.equal(info.ID, (await direct.info()).ID);
    assert.match(sshd.output(), /Accepted publickey for /, "the test key logged in (what the refusal tests look for)");
  });

  test("lists and inspects images; many requests share one ssh connection and reuse channels", async () => {
    const before = sshConnectionStats(ssh)!;
    for (let i = 0; i < 10; i++) await ssh.listImages();
    const images = await ssh.listImages();
    assert.ok(images.some((image) => image.RepoTags?.includes("seed/web:1")));
    const inspected = await ssh.getImage("seed/web:1").inspect();
    assert.equal(inspected.Id, (await direct.getImage("seed/web:1").inspect()).Id);
    const afterwards = sshConnectionStats(ssh)!;
    assert.equal(afterwards.connections, before.connections, "no new ssh connection");
    assert.ok(
      afterwards.channels - before.channels <= 1,
      `sequential requests reuse one channel (${afterwards.channels - before.channels} opened)`,
    );
  });

  test("tags on the engine behind ssh, and an engine error stays the engine's", async () => {
    const tag = uniqueName("ssh-it");
    await ssh.getImage("seed/web:1").tag({ repo: "ssh-it/tagged", tag });
    try {
      assert.equal(
        dockerCli("image", "inspect", "--format", "{{.Id}}", `ssh-it/tagged:${tag}`),
        (await direct.getImage("seed/web:1").inspect()).Id,
      );
    } finally {
      dockerCli("rmi", `ssh-it/tagged:${tag}`);
    }
    const missing = await ssh
      .getImage("ssh-it/never-there:1")
      .inspect()
      .then(
        () => null,
        (error: { statusCode?: number }) => error,
      );
    assert.equal(missing?.statusCode, 404);
  });

  test("a save stream read to the end has the engine's byte count, and loads back", async () => {
    const onSocket = await countBytes(await direct.getImage("seed/fat:1").get());
    const saved = await readAll(await ssh.getImage("seed/fat:1").get());
    assert.ok(onSocket > 50 * 1024 * 1024, `seed/fat:1 saves ${onSocket} bytes`);
    assert.equal(saved.length, onSocket);
    const loaded = (await readAll(await ssh.loadImage(Readable.from([saved])))).toString("utf8");
    assert.match(loaded, /Loaded image: seed\/fat:1/);
  });

  test("the events stream delivers a tag made with the CLI, and ends when destroyed", async () => {
    const tag = uniqueName("ssh-ev");
    const events = (await ssh.getEvents({ filters: { type: ["image"] } })) as NodeJS.ReadableStream & { destroy: () => void };
    let text = "";
    events.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    try {
      dockerCli("tag", "seed/web:1", `ssh-it/event:${tag}`);
      await eventually(async () => assert.match(text, new RegExp(`"Action":"tag".*ssh-it/event:${tag}`)), 5_000);
    } finally {
      events.destroy();
      dockerCli("rmi", `ssh-it/event:${tag}`);
    }
  });

  test("logs of a container, followed to its end", async () => {
    const name = uniqueName("ssh-logs");
    dockerCli("run", "--name", name, "--network", "none", "local/busybox:1", "sh", "-c", "echo hello-over-ssh; echo again >&2");
    try {
      const logs = await ssh.getContainer(name).logs({ stdout: true, stderr: true, follow: true });
      const text = (await readAll(logs)).toString("utf8");
      assert.match(text, /hello-over-ssh/);
      assert.match(text, /again/);
    } finally {
      dockerCli("rm", "-f", name);
    }
  });

  test("an attached exec (HTTP upgrade) carries stdin and stdout both ways, half-close included", async () => {
    const name = uniqueName("ssh-exec");
    dockerCli("run", "-d", "--name", name, "--network", "none", "local/busybox:1", "sleep", "300");
    try {
      const exec = await ssh.getContainer(name).exec({ Cmd: ["cat"], AttachStdin: true, AttachStdout: true, Tty: true });
      const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
      let echoed = "";
      stream.on("data", (chunk: Buffer) => (echoed += chunk.toString("utf8")));
      stream.write("ping-over-ssh\n");
      await eventually(async () => assert.match(echoed, /ping-over-ssh/), 5_000);
      // Ctrl-D at the start of a line: cat reads EOF and exits, which ends the stream.
      stream.write("\u0004");
      await new Promise<void>((resolve) => stream.once("end", resolve));
      await eventually(async () => assert.equal((await exec.inspect()).Running, false), 5_000);
    } finally {
      dockerCli("rm", "-f", name);
    }
  });

  test("concurrent requests beyond sshd's MaxSessions open another connection instead of failing", async () => {
    const small = await startSshd({ dockerHost, clientKey: sshd.clientKey, hostKey: sshd.hostKey, maxSessions: 2 });
    const crowded = sshClient({}, small);
    const streams: Array<NodeJS.ReadableStream & { destroy: () => void }> = [];
    try {
      for (let i = 0; i < 3; i++) streams.push((await crowded.getEvents()) as NodeJS.ReadableStream & { destroy: () => void });
      const images = await crowded.listImages();
      assert.ok(images.length > 0);
      const stats = sshConnectionStats(crowded)!;
      assert.ok(stats.connections >= 2, `${stats.connections} ssh connections for 4 channels with MaxSessions 2`);
    } finally {
      for (const stream of streams) stream.destroy();
      closeSshDocker(crowded);
      await small.stop();
    }
  });
});

describe("refusals name what failed", () => {
  test("a key the server does not authorize: an authentication error", async () => {
    const stranger = makeSshKey("stranger");
    const error = await rejection(sshClient({ privateKey: stranger.privateKey }).ping());
    assert.equal(error.code, "ESSHAUTH");
    assert.equal(
      error.message,
      `ssh authentication as ${sshd.username} to 127.0.0.1:${sshd.port} failed: the server did not accept the key`,
    );
  });

  test("a host key that differs from the pinned one is refused, naming both fingerprints", async () => {
    const impostor = await startSshd({ dockerHost, clientKey: sshd.clientKey });
    try {
      const error = await rejection(sshClient({}, impostor).ping());
      assert.equal(error.code, "ESSHHOSTKEY");
      assert.equal(
        error.message,
        `host key of 127.0.0.1:${impostor.port} changed: expected ${sshKeygenFingerprint(sshd.hostKey.publicKeyFile)}, got ${sshKeygenFingerprint(impostor.hostKey.publicKeyFile)}`,
      );
      assert.doesNotMatch(impostor.output(), /Accepted publickey/, "the key was refused before authenticating");
    } finally {
      await impostor.stop();
    }
  });

  test("a dropped connection is made again, and the pinned host key is checked again", async () => {
    const first = await startSshd({ dockerHost, clientKey: sshd.clientKey, hostKey: sshd.hostKey });
    const client = sshClient({}, first);
    const port = first.port;
    assert.equal(String(await client.ping()), "OK");
    await first.stop();

    // Same address, another host key: the reconnect is refused.
    const impostor = await startSshd({ dockerHost, clientKey: sshd.clientKey, port });
    try {
      const error = await rejection(client.ping());
      assert.equal(error.code, "ESSHHOSTKEY");
    } finally {
      await impostor.stop();
    }

    // The real server is back: the same client reconnects.
    const again = await startSshd({ dockerHost, clientKey: sshd.clientKey, hostKey: sshd.hostKey, port });
    try {
      assert.equal(String(await client.ping()), "OK");
      assert.equal(sshConnectionStats(client)!.connections, 3, "connect, refused reconnect, reconnect");
    } finally {
      await again.stop();
    }
  });

  test("a remote docker CLI that cannot reach its engine: dial-stdio's own message", async () => {
    const orphan = await startSshd({ dockerHost: "unix:///nonexistent/docker.sock", clientKey: sshd.clientKey, hostKey: sshd.hostKey });
    try {
      const error = await rejection(sshClient({}, orphan).ping());
      assert.equal(error.code, "ESSHDIAL");
      assert.match(
        error.message,
        new RegExp(`^\`docker system dial-stdio\` on ${sshd.username}@127\\.0\\.0\\.1:${orphan.port} failed: .*nonexistent/docker\\.sock`),
      );
    } finally {
      await orphan.stop();
    }
  });
});

describe("latency: 50 sequential GET /images/json", () => {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  async function time(client: Docker, calls = 50): Promise<number> {
    await client.listImages(); // connect (and warm up) outside the measurement
    const durations: number[] = [];
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      await client.listImages();
      durations.push(performance.now() - start);
    }
    return median(durations);
  }

  test("a persistent connection with kept channels is faster than docker-modem's connection per request", async (t) => {
    const socket = await time(direct);
    const kept = await time(sshClient());
    const channelPerRequest = await time(sshClient({ keepChannels: false }));
    // docker-modem's own ssh:// support: a new SSH connection (and dial-stdio) per request.
    const modem = await time(
      new Docker({
        protocol: "ssh",
        host: sshd.host,
        port: sshd.port,
        username: sshd.username,
        sshOptions: { privateKey: sshd.clientKey.privateKey },
      } as unknown as Docker.DockerOptions),
    );
    t.diagnostic(
      `median ms per call: unix socket ${socket.toFixed(1)}, ssh kept channel ${kept.toFixed(1)}, ` +
        `ssh channel per request ${channelPerRequest.toFixed(1)}, docker-modem ssh ${modem.toFixed(1)}`,
    );
    assert.ok(kept < modem, `kept ${kept} ms < docker-modem ${modem} ms`);
    assert.ok(kept < channelPerRequest, `kept ${kept} ms < channel per request ${channelPerRequest} ms`);
  });
});

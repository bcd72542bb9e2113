import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { tarOf } from "@/lib/testing/tar";
import { listAuditEntries } from "@/lib/audit/queries";
import { getEnv } from "@/lib/env";
import {
  commitContainer,
  exportContainer,
  importImage,
  importImageFromUrl,
  loadImages,
  pullImage,
  pushImage,
  runToEnd,
  saveImage,
} from "@/lib/images/actions";
import { createRegistry, deleteRegistry, testSavedRegistry, updateRegistry } from "@/lib/registries/actions";
import { listRegistries } from "@/lib/registries/queries";
import { deleteRepositoryTag, listRepositories, listRepositoryTags } from "@/lib/registries/v2-client";
import { buildImage, docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { rejectsWithAppError } from "@/lib/testing/app-error-assertions";
import type { AddressInfo } from "node:net";

requireSandboxEngine();
const REGISTRY = process.env.REGISTRY_ADDRESS!;
const USERNAME = process.env.REGISTRY_USERNAME!;
const PASSWORD = process.env.REGISTRY_PASSWORD!;
assert.ok(REGISTRY && USERNAME && PASSWORD, "the test harness starts a registry and sets REGISTRY_ADDRESS/USERNAME/PASSWORD");

const run = uniqueName("tr");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "transfer-it-"));
const cleanup: (() => void)[] = [];
after(() => {
  for (const step of cleanup.reverse()) {
    try {
      step();
    } catch {
      // already gone
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const imageCount = () => docker("images", "-aq").split("\n").filter(Boolean).length;
const imageId = (ref: string) => docker("image", "inspect", "--format", "{{.Id}}", ref);

describe("registry round trip", () => {
  let registryId: string;
  const reference = `${REGISTRY}/it/${run}:1`;

  before(async () => {
    const existing = (await listRegistries()).find((registry) => registry.address === REGISTRY);
    if (existing) await deleteRegistry({ id: existing.id, actor: "test" });
    const created = await createRegistry({ address: `http://${REGISTRY}/`, username: USERNAME, password: PASSWORD, actor: "test" });
    registryId = created.id;
    // A layer of its own, so the push has bytes to move whatever the registry holds already.
    buildImage(reference, `FROM local/busybox:1\nRUN echo ${run} > /run-id && dd if=/dev/urandom of=/noise bs=64k count=4\n`);
    cleanup.push(() => docker("rmi", reference));
  });

  test("a saved registry shows no password anywhere, and its password is sealed in the database", async () => {
    const listed = await listRegistries();
    assert.ok(
      listed.some((registry) => registry.address === REGISTRY),
      "the address is normalised",
    );
    assert.ok(!JSON.stringify(listed).includes(PASSWORD));
    const databaseFile = getEnv().databaseUrl.replace(/^file:/, "");
    for (const file of [databaseFile, `${databaseFile}-wal`]) {
      if (fs.existsSync(file)) assert.ok(!fs.readFileSync(file).includes(PASSWORD), `${file} holds no password`);
    }
    const keyFile = path.join(getEnv().dataDir, "secret.key");
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, "the key file is private to the dashboard's user");
  });

  test("test login succeeds with the right password and says authentication failed with a wrong one", async () => {
    assert.equal((await testSavedRegistry({ id: registryId, actor: "test" })).ok, true);
    await updateRegistry({ id: registryId, changes: { password: "wrong-password" }, actor: "test" });
    const failed = await testSavedRegistry({ id: registryId, actor: "test" });
    assert.equal(failed.ok, false);
    assert.match(failed.message, /Authentication failed/);
    await updateRegistry({ id: registryId, changes: { password: PASSWORD }, actor: "test" });
  });

  test("push streams per-layer progress and ends with a digest; audited without secrets", async () => {
    const operation = await pushImage({ ref: reference, actor: "test" });
    const statuses = new Set<string>();
    let next = await operation.next();
    while (!next.done) {
      if (next.value.id && next.value.status) statuses.add(next.value.status);
      next = await operation.next();
    }
    const result = next.value;
    assert.match(result.digest ?? "", /^sha256:[0-9a-f]{64}$/);
    assert.ok(result.bytes >= 256 * 1024, `bytes moved are counted (${result.bytes})`);
    assert.ok(statuses.has("Pushed") || statuses.has("Layer already exists"), [...statuses].join(", "));
    assert.ok(statuses.has("Preparing"));
    const entry = (await listAuditEntries({ action: "image.push", target: reference })).entries[0]!;
    assert.equal(entry.outcome, "succeeded");
    assert.equal(entry.command, `docker push ${reference}`);
    assert.ok(!JSON.stringify(entry).includes(PASSWORD));
  });

  test("the registry's catalog and tags show what was pushed", async () => {
    const credentials = { address: REGISTRY, username: USERNAME, password: PASSWORD };
    assert.ok((await listRepositories(credentials)).includes(`it/${run}`));
    assert.deepEqual(await listRepositoryTags(credentials, `it/${run}`), ["1"]);
  });

  test("pull brings it back after rmi: the same image", async () => {
    const id = imageId(reference);
    docker("rmi", reference);
    const result = await runToEnd(await pullImage({ reference, actor: "test" }));
    assert.equal(result.id, id);
    assert.equal(imageId(reference), id);
    const entry = (await listAuditEntries({ action: "image.pull", target: reference })).entries[0]!;
    assert.equal(entry.outcome, "succeeded");
  });

  test("a wrong password fails fast, saying authentication failed for the registry", async () => {
    await updateRegistry({ id: registryId, changes: { password: "wrong-password" }, actor: "test" });
    try {
      const started = Date.now();
      await rejectsWithAppError(
        (async () => runToEnd(await pushImage({ ref: reference, actor: "test" })))(),
        502,
        new RegExp(`Authentication failed for registry ${REGISTRY.replace(/\./g, "\\.")}`),
      );
      assert.ok(Date.now() - started < 20_000, "no hang on bad credentials");
      const entry = (await listAuditEntries({ action: "image.push", target: reference, outcome: "failed" })).entries[0]!;
      assert.match(entry.error ?? "", /Authentication failed/);
      await rejectsWithAppError((async () => runToEnd(await pullImage({ reference, actor: "test" })))(), 502, /Authentication failed/);
    } finally {
      await updateRegistry({ id: registryId, changes: { password: PASSWORD }, actor: "test" });
    }
  });

  test("pulling a tag the registry does not have is a 404", async () => {
    await rejectsWithAppError(
      (async () => runToEnd(await pullImage({ reference: `${REGISTRY}/it/${run}:absent`, actor: "test" })))(),
      404,
      /absent/,
    );
  });

  test("a tag can be deleted in the registry", async () => {
    const credentials = { address: REGISTRY, username: USERNAME, password: PASSWORD };
    const { digest } = await deleteRepositoryTag(credentials, `it/${run}`, "1");
    assert.match(digest, /^sha256:/);
    assert.deepEqual(await listRepositoryTags(credentials, `it/${run}`), []);
  });
});

describe("import", () => {
  test("a tar becomes an image whose files a container can read", async () => {
    const tag = `it/import-${run}:tar`;
    const base = fs.readFileSync("/bin/busybox");
    const tar = await (async () => {
      const archive = pack();
      archive.entry({ name: "bin/busybox", mode: 0o755 }, base);
      archive.entry({ name: "bin/sh", type: "symlink", linkname: "busybox" });
      archive.entry({ name: "bin/cat", type: "symlink", linkname: "busybox" });
      archive.entry({ name: "hello.txt", mode: 0o644 }, "imported from a tar\n");
      archive.finalize();
      const chunks: Buffer[] = [];
      for await (const chunk of archive) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    })();
    const result = await runToEnd(
      await importImage({
        body: Readable.from([tar]),
        repo: `it/import-${run}`,
        tag: "tar",
        message: "from a test",
        changes: ['CMD ["cat", "/hello.txt"]'],
        actor: "test",
      }),
    );
    cleanup.push(() => docker("rmi", tag));
    assert.equal(result.id, imageId(tag));
    assert.equal(result.bytes, tar.length);
    assert.equal(docker("run", "--rm", "--network", "none", tag), "imported from a tar");
    const entry = (await listAuditEntries({ action: "image.import", target: tag })).entries[0]!;
    assert.equal(entry.command, `docker import -m 'from a test' -c 'CMD ["cat", "/hello.txt"]' - ${tag}`);
  });

  test("a tar.gz is imported too", async () => {
    const tag = `it/import-${run}:gz`;
    const gz = gzipSync(await tarOf({ "etc/motd": "gzipped\n" }));
    await runToEnd(await importImage({ body: Readable.from([gz]), repo: `it/import-${run}`, tag: "gz", actor: "test" }));
    cleanup.push(() => docker("rmi", tag));
    assert.ok(imageId(tag));
  });

  test("a URL is downloaded by the engine and imported", async () => {
    const tar = await tarOf({ "etc/origin": "served over http\n" });
    const http = await import("node:http");
    const server = http.createServer((request, response) => {
      if (request.url === "/rootfs.tar") response.writeHead(200, { "content-type": "application/x-tar" }).end(tar);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const tag = `it/import-${run}:url`;
      const result = await runToEnd(
        await importImageFromUrl({ url: `http://127.0.0.1:${port}/rootfs.tar`, repo: `it/import-${run}`, tag: "url", actor: "test" }),
      );
      cleanup.push(() => docker("rmi", tag));
      assert.equal(result.id, imageId(tag));
      const entry = (await listAuditEntries({ action: "image.import", target: tag })).entries[0]!;
      assert.equal(entry.command, `docker import http://127.0.0.1:${port}/rootfs.tar ${tag}`);
      await rejectsWithAppError(importImageFromUrl({ url: "ftp://example.com/x.tar", actor: "test" }), 400, /http and https/);
    } finally {
      server.close();
    }
  });

  test("junk is a 400 with a clear message and leaves no image behind", async () => {
    const before = imageCount();
    await rejectsWithAppError(
      importImage({
        body: Readable.from([Buffer.from("this is not a tarball at all\n".repeat(50))]),
        repo: `it/junk-${run}`,
        actor: "test",
      }),
      400,
      /not a tar archive/,
    );
    await rejectsWithAppError(
      (async () =>
        runToEnd(
          await importImage({
            body: Readable.from([gzipSync(Buffer.from("junk inside gzip ".repeat(100)))]),
            repo: `it/junk-${run}`,
            actor: "test",
          }),
        ))(),
      400,
      /not valid/,
    );
    assert.equal(imageCount(), before);
  });
});

describe("save, load, commit, export", () => {
  test("save → rmi → load brings the same image back", async () => {
    const tag = `it/save-${run}:1`;
    docker("tag", "seed/entry:1", tag);
    const id = imageId(tag);
    const { stream, filename } = await saveImage({ ref: tag, actor: "test" });
    assert.match(filename, /\.tar$/);
    const file = path.join(tmp, filename);
    await new Promise<void>((resolve, reject) => stream.pipe(fs.createWriteStream(file)).on("finish", resolve).on("error", reject));
    assert.ok(fs.statSync(file).size > 1024);
    docker("rmi", tag);
    const loaded = await runToEnd(await loadImages({ body: fs.createReadStream(file), actor: "test" }));
    cleanup.push(() => docker("rmi", tag));
    assert.deepEqual(loaded.loaded, [tag]);
    assert.equal(imageId(tag), id);
    assert.equal(loaded.bytes, fs.statSync(file).size);
    const saved = (await listAuditEntries({ action: "image.save", target: tag })).entries[0]!;
    assert.equal(saved.outcome, "succeeded");
    assert.deepEqual(saved.result, { bytes: fs.statSync(file).size });
    // Without a progress reader the engine is asked for none, and still says what it loaded.
    docker("rmi", tag);
    const quiet = await runToEnd(await loadImages({ body: fs.createReadStream(file), actor: "test", progress: false }));
    assert.deepEqual(quiet.loaded, [tag]);
    assert.equal(imageId(tag), id);
  });

  test("loading something that is not a docker save archive is a 400", async () => {
    await rejectsWithAppError(loadImages({ body: Readable.from([Buffer.from("nope")]), actor: "test" }), 400, /not a tar archive/);
    await rejectsWithAppError(
      (async () => runToEnd(await loadImages({ body: Readable.from([await tarOf({ "just/a/file": "x" })]), actor: "test" })))(),
      400,
      /not (valid|a docker save archive)/,
    );
  });

  test("commit: a file a container wrote is in the new image", async () => {
    const container = uniqueName("it-commit");
    docker("run", "--name", container, "--network", "none", "local/busybox:1", "sh", "-c", "echo committed > /greeting");
    cleanup.push(() => docker("rm", "-f", container));
    const result = await commitContainer({
      container,
      repo: `it/commit-${run}`,
      tag: "1",
      message: "add greeting",
      author: "Test <test@example.com>",
      changes: ['CMD ["cat", "/greeting"]'],
      actor: "test",
    });
    cleanup.push(() => docker("rmi", `it/commit-${run}:1`));
    assert.equal(result.id, imageId(`it/commit-${run}:1`));
    assert.equal(docker("run", "--rm", "--network", "none", `it/commit-${run}:1`), "committed");
    assert.equal(
      docker("image", "inspect", "--format", "{{.Comment}} / {{.Author}}", `it/commit-${run}:1`),
      "add greeting / Test <test@example.com>",
    );
    const entry = (await listAuditEntries({ action: "container.commit", target: container })).entries[0]!;
    assert.equal(
      entry.command,
      `docker commit -a 'Test <test@example.com>' -m 'add greeting' -c 'CMD ["cat", "/greeting"]' ${container} it/commit-${run}:1`,
    );

    // export: the container's filesystem, with the file it wrote.
    const { stream } = await exportContainer({ id: container, actor: "test" });
    const { extract } = await import("tar-stream");
    const names: string[] = [];
    const entries = extract();
    entries.on("entry", (header, body, next) => {
      names.push(header.name);
      body.on("end", next);
      body.resume();
    });
    await new Promise<void>((resolve, reject) => stream.pipe(entries).on("finish", resolve).on("error", reject));
    assert.ok(names.includes("greeting"), "the exported filesystem has the file");
    assert.ok(names.includes("bin/busybox"));
  });

  test("commit of an unknown container is a 404; a RUN change is a 400", async () => {
    await rejectsWithAppError(commitContainer({ container: `none-${run}`, actor: "test" }), 404, new RegExp(`none-${run}`));
    await rejectsWithAppError(commitContainer({ container: "x", changes: ["RUN echo"], actor: "test" }), 400, /not allowed/);
  });
});

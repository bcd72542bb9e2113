import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { tarOf } from "@/lib/testing/tar";
import { cleanupAfterSuite } from "@/lib/testing/cleanup";
import { buildImage, docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { captureOutput, prepareRouteTests, signInRoute } from "@/lib/testing/route-client";

prepareRouteTests();
// The "server log" of in-process routes is this process's output.
const serverOutput = captureOutput();
const REGISTRY = process.env.REGISTRY_ADDRESS!;
const USERNAME = process.env.REGISTRY_USERNAME!;
const PASSWORD = process.env.REGISTRY_PASSWORD!;

// The 24 MB upload through the real upload path (left out of the proxy) is tested against
// `next start` in lib/http/production-server.integration.test.ts.
describe("image operations over HTTP", () => {
  let admin: DashboardClient;
  const run = uniqueName("http");
  const everything: string[] = [];
  const cleanup = cleanupAfterSuite();

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });

  const record = async (response: Response): Promise<string> => {
    const text = await response.text();
    everything.push(text);
    return text;
  };

  test("registries: created with a password that no answer ever shows", async () => {
    const created = await admin.fetch("/api/registries", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ address: REGISTRY, username: USERNAME, password: PASSWORD }),
    });
    const body = await record(created);
    assert.ok(created.status === 201 || created.status === 409, body);
    const list = await admin.fetch("/api/registries");
    const listText = await record(list);
    const saved = (JSON.parse(listText) as { registries: { id: string; address: string }[] }).registries.find(
      (r) => r.address === REGISTRY,
    )!;
    assert.ok(saved);
    const tested = await admin.fetch(`/api/registries/${saved.id}/test`, { method: "POST" });
    assert.equal((JSON.parse(await record(tested)) as { ok: boolean }).ok, true);
  });

  test("push streams progress lines ending in the result; pull answers JSON", async () => {
    const reference = `${REGISTRY}/http/${run}:1`;
    buildImage(reference, `FROM local/busybox:1\nRUN echo ${run} > /id\n`);
    cleanup.push(() => docker("rmi", reference));
    const response = await admin.fetch(`/api/images/${encodeURIComponent(reference)}/push`, {
      method: "POST",
      headers: { accept: "application/x-ndjson" },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /application\/x-ndjson/);
    const lines = (await record(response))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(
      lines.some((line) => line.status === "Preparing"),
      "per-layer statuses stream",
    );
    const last = lines.at(-1) as { result?: { digest: string } };
    assert.match(last.result?.digest ?? "", /^sha256:/);

    docker("rmi", reference);
    const pulled = await admin.fetch("/api/images/pull", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reference }),
    });
    assert.equal(pulled.status, 200, await pulled.clone().text());
    assert.equal(((await pulled.json()) as { reference: string }).reference, reference);
  });

  test("import: raw archive body → 201; junk → 400; bad repo → 400", async () => {
    const tar = await tarOf({ "etc/issue": `http import ${run}\n` });
    const imported = await admin.fetch(
      `/api/images/import?repo=http/import-${run}&tag=1&message=over+http&change=${encodeURIComponent("ENV FROM=http")}`,
      {
        method: "POST",
        headers: { "content-type": "application/x-tar" },
        body: new Uint8Array(tar),
      },
    );
    assert.equal(imported.status, 201, await imported.clone().text());
    cleanup.push(() => docker("rmi", `http/import-${run}:1`));
    const body = (await imported.json()) as { id: string; bytes: number };
    assert.match(body.id, /^sha256:/);
    assert.equal(body.bytes, tar.length);
    assert.match(docker("image", "inspect", "--format", "{{.Config.Env}}", `http/import-${run}:1`), /FROM=http/);

    const junk = await admin.fetch(`/api/images/import?repo=http/junk-${run}`, {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: "junk".repeat(300),
    });
    assert.equal(junk.status, 400);
    assert.match(((await junk.json()) as { error: string }).error, /not a tar archive/);
    const badRepo = await admin.fetch("/api/images/import?repo=Bad/Repo", { method: "POST", body: new Uint8Array(tar) });
    assert.equal(badRepo.status, 400);
  });

  test("save streams a tar download; load takes it back", async () => {
    const tag = `http/save-${run}:1`;
    docker("tag", "seed/web:2", tag);
    const saved = await admin.fetch(`/api/images/${encodeURIComponent(tag)}/save`);
    assert.equal(saved.status, 200);
    assert.match(saved.headers.get("content-disposition") ?? "", /attachment; filename=".*\.tar"/);
    const archive = Buffer.from(await saved.arrayBuffer());
    assert.ok(archive.length > 1024);
    docker("rmi", tag);
    const loaded = await admin.fetch("/api/images/load", {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: new Uint8Array(archive),
    });
    assert.equal(loaded.status, 200, await loaded.clone().text());
    cleanup.push(() => docker("rmi", tag));
    assert.deepEqual(((await loaded.json()) as { loaded: string[] }).loaded, [tag]);
  });

  test("the registry password is in no answer, no server log line, and no audit entry", async () => {
    const audit = await admin.fetch("/api/audit?limit=500");
    await record(audit);
    for (const text of everything) assert.ok(!text.includes(PASSWORD), "an API answer showed the registry password");
    assert.ok(!serverOutput().includes(PASSWORD), "the server log shows the registry password");
  });
});

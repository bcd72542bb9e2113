import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import type { BuildDetail, BuildResult } from "@/lib/builds/types";
import { docker, uniqueName } from "@/lib/testing/docker-cli";
import { prepareRouteTests } from "@/lib/testing/route-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { tarOf } from "@/lib/testing/tar";

prepareRouteTests();

// A context the engine fetches itself: a tarball (and a plain Dockerfile) served on 127.0.0.1, which
// the private engine reaches from the host's network. REMOTE_CONTEXT_PORT picks the port (0: any free one).
describe("POST /api/builds with {remote}", () => {
  const clients = signInEveryRole();
  const run = uniqueName("remote");
  const images: string[] = [];
  let server: http.Server;
  let base = "";
  const served: string[] = [];

  before(async () => {
    const tarball = gzipSync(
      await tarOf({ Dockerfile: "FROM local/busybox:1\nCOPY served.txt /served.txt\n", "served.txt": `served for ${run}\n` }),
    );
    server = http.createServer((request, response) => {
      served.push(request.url ?? "");
      if (request.url === "/context.tar.gz") {
        response.writeHead(200, { "content-type": "application/gzip", "content-length": tarball.length });
        response.end(tarball);
      } else if (request.url === "/Dockerfile") {
        response.writeHead(200, { "content-type": "text/plain" });
        response.end(`FROM local/busybox:1\nLABEL fetched=${run}\n`);
      } else {
        response.writeHead(404).end("not here\n");
      }
    });
    await new Promise<void>((resolve) => server.listen(Number(process.env.REMOTE_CONTEXT_PORT ?? 0), "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    for (const image of images.reverse()) {
      try {
        docker("rmi", "-f", image);
      } catch {
        // already gone
      }
    }
  });

  const remote = (query: string, body: unknown) =>
    clients.operator.fetch(`/api/builds?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  test("a tarball URL: the engine fetches and builds it; stored with its URL, audited with it, and rebuildable", async () => {
    const tag = `remote/${run}:tar`;
    images.push(tag);
    const response = await remote(`tag=${tag}`, { remote: `${base}/context.tar.gz` });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    const result = JSON.parse(text) as BuildResult;
    assert.ok(served.includes("/context.tar.gz"), "the engine fetched the tarball");
    assert.equal(docker("run", "--rm", "--network", "none", tag, "cat", "/served.txt"), `served for ${run}`);
    const detail = await clients.viewer.json<BuildDetail>(`/api/builds/${result.id}`);
    assert.equal(detail.source, "remote");
    assert.equal(detail.remote, `${base}/context.tar.gz`);
    assert.equal(detail.command, `docker build -t ${tag} ${base}/context.tar.gz`);
    assert.equal(detail.rebuildable, true);
    const audit = await clients.admin.json<{ entries: { command: string }[] }>(
      `/api/audit?action=image.build&target=${encodeURIComponent(tag)}`,
    );
    assert.ok(audit.entries.some((entry) => entry.command === detail.command));

    const fetches = served.length;
    const again = await clients.operator.fetch(`/api/builds/${result.id}/rebuild`, { method: "POST" });
    assert.equal(again.status, 201);
    assert.equal(((await again.json()) as BuildResult).imageId, result.imageId);
    assert.equal(served.length, fetches + 1, "the rebuild fetched the URL again");
  });

  test("a plain Dockerfile URL builds too", async () => {
    const tag = `remote/${run}:dockerfile`;
    images.push(tag);
    const response = await remote(`tag=${tag}`, { remote: `${base}/Dockerfile` });
    assert.equal(response.status, 201, await response.clone().text());
    assert.equal(docker("image", "inspect", "--format", '{{index .Config.Labels "fetched"}}', tag), run);
  });

  test("a URL the engine cannot fetch is a 400 naming it; a URL that is not http(s) or git is refused before the engine", async () => {
    const missing = await remote(`tag=remote/${run}:missing`, { remote: `${base}/no-such.tar` });
    const text = await missing.text();
    assert.equal(missing.status, 400, text);
    assert.match((JSON.parse(text) as { error: string }).error, new RegExp(`could not fetch the build context from ${base}/no-such.tar`));
    const detail = await clients.viewer.json<{ builds: { outcome: string; error: string | null }[] }>(
      `/api/builds?tag=${encodeURIComponent(`remote/${run}:missing`)}`,
    );
    assert.equal(detail.builds[0]?.outcome, "failed");
    const ftp = await remote("", { remote: "ftp://example.com/context.tar" });
    assert.equal(ftp.status, 400);
    assert.match(await ftp.text(), /http\(s\):\/\/ or git:\/\//);
  });
});

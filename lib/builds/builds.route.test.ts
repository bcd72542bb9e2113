import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { before, describe, test } from "node:test";
import type { BuildDetail, BuildEvent, BuildFailure, BuildPage, BuildResult } from "@/lib/builds/types";
import { docker, eventually, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { imagesRemovedAfterSuite } from "@/lib/testing/cleanup";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";
import { tarOf } from "@/lib/testing/tar";

prepareRouteTests();

// Builds against the private engine, from `local/busybox:1` (the fixtures' base image).
describe("POST /api/builds", () => {
  let admin: DashboardClient;
  const run = uniqueName("build");
  const images = imagesRemovedAfterSuite();

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });

  const typed = (query: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    admin.fetch(`/api/builds?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  const upload = (query: string, archive: Buffer, headers: Record<string, string> = {}) =>
    admin.fetch(`/api/builds?${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-tar", ...headers },
      body: new Uint8Array(archive),
    });

  const DOCKERFILE = `FROM local/busybox:1
ARG GREETING=hello
WORKDIR /app
COPY greeting.txt /app/
RUN echo "$GREETING from the build" > /app/built.txt && cat /app/greeting.txt
LABEL purpose=test
CMD ["cat", "/app/built.txt"]
`;
  const FILES = { "greeting.txt": `greeting for ${run}\n` };

  test("a typed Dockerfile builds: 201 with the image, its tags, one step per instruction (FROM is 0), args and labels applied", async () => {
    const tag = `builds/${run}:1`;
    images.push(tag, `builds/${run}:also`);
    const response = await typed(`tag=${encodeURIComponent(tag)}&tag=builds/${run}:also&buildarg=GREETING=hi&label=team=ops`, {
      dockerfile: DOCKERFILE,
      files: FILES,
    });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    const result = JSON.parse(text) as BuildResult;
    assert.match(result.imageId, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(result.tags, [tag, `builds/${run}:also`]);
    assert.deepEqual(
      result.steps.map((step) => [step.index, step.instruction.split(" ")[0]]),
      [
        [0, "FROM"],
        [1, "ARG"],
        [2, "WORKDIR"],
        [3, "COPY"],
        [4, "RUN"],
        [5, "LABEL"],
        [6, "CMD"],
        // The engine appends the label options as a last LABEL instruction.
        [7, "LABEL"],
      ],
    );
    assert.equal(result.steps[7]!.instruction, "LABEL team=ops");
    const runStep = result.steps[4]!;
    assert.deepEqual(runStep.output, [`greeting for ${run}`]);
    assert.ok(result.steps.every((step) => /^[0-9a-f]{12}$/.test(step.imageId ?? "")));
    assert.equal(result.steps.at(-1)!.imageId, result.imageId.slice(7, 19));
    assert.equal(docker("image", "inspect", "--format", "{{.Id}}", tag), result.imageId);
    assert.equal(docker("run", "--rm", "--network", "none", tag), "hi from the build");
    assert.equal(docker("image", "inspect", "--format", '{{index .Config.Labels "team"}}', tag), "ops");

    // Audited with the equivalent docker build line.
    const audit = await admin.json<{ entries: { command: string; outcome: string; actor: string }[] }>(
      `/api/audit?action=image.build&limit=5`,
    );
    const row = audit.entries.find((entry) => entry.command.includes(tag));
    assert.ok(row, JSON.stringify(audit.entries));
    assert.equal(row.command, `docker build -t ${tag} -t builds/${run}:also --build-arg GREETING=hi --label team=ops .`);
    assert.equal(row.outcome, "succeeded");
    assert.equal(row.actor, TEST_ADMIN.username);
  });

  test("the same build again: every step after FROM comes from the cache, and the same image", async () => {
    const tag = `builds/${run}:1`;
    const first = (await (
      await typed(`tag=${tag}&buildarg=GREETING=hi&label=team=ops`, { dockerfile: DOCKERFILE, files: FILES })
    ).json()) as BuildResult;
    const again = await typed(`tag=${tag}&buildarg=GREETING=hi&label=team=ops`, { dockerfile: DOCKERFILE, files: FILES });
    assert.equal(again.status, 201);
    const result = (await again.json()) as BuildResult;
    assert.equal(result.imageId, first.imageId);
    assert.deepEqual(
      result.steps.map((step) => step.cached),
      [false, true, true, true, true, true, true, true],
    );
    assert.equal(result.cacheHits, 7);
    assert.ok(result.steps.every((step) => step.container === null));
  });

  test("the options may come in the JSON body too: the same build, the query's tags added to the body's", async () => {
    const tag = `builds/${run}:1`;
    images.push(`builds/${run}:body`);
    const response = await typed(`tag=builds/${run}:body`, {
      dockerfile: DOCKERFILE,
      files: FILES,
      tags: [tag],
      buildArgs: { GREETING: "hi" },
      labels: { team: "ops" },
    });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    const result = JSON.parse(text) as BuildResult;
    assert.deepEqual(result.tags, [tag, `builds/${run}:body`]);
    // The same instructions, args and labels as the first build: every step from the cache.
    assert.equal(result.cacheHits, result.steps.length - 1);
    assert.equal(docker("image", "inspect", "--format", "{{.Id}}", `builds/${run}:body`), result.imageId);

    for (const [body, pattern] of [
      [{ tags: ["Bad Tag"] }, /Invalid tag "Bad Tag"/],
      [{ buildArgs: { "A=B": "c" } }, /build arg name has no =/],
      [{ nocache: "yes" }, /nocache is true or false/],
      [{ memory: 12 }, /at least 6291456/],
    ] as const) {
      const bad = await typed("", { dockerfile: "FROM local/busybox:1\n", ...body });
      const badText = await bad.text();
      assert.equal(bad.status, 400, badText);
      assert.match((JSON.parse(badText) as { error: string }).error, pattern, JSON.stringify(body));
    }
  });

  test("with Accept: application/x-ndjson the steps and output stream as they happen, then the result", async () => {
    const tag = `builds/${run}:stream`;
    images.push(tag);
    const response = await typed(
      `tag=${tag}&nocache=true`,
      { dockerfile: "FROM local/busybox:1\nRUN echo streamed line\nRUN echo second\n" },
      { accept: "application/x-ndjson" },
    );
    assert.equal(response.status, 201);
    assert.match(response.headers.get("content-type") ?? "", /application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as BuildEvent & { result?: BuildResult });
    const kinds = lines.map((line) => (line.result ? "result" : line.type));
    assert.deepEqual(kinds, ["build", "step", "step-done", "step", "output", "step-done", "step", "output", "step-done", "result"]);
    assert.deepEqual(lines[4], { type: "output", index: 1, line: "streamed line" });
    assert.deepEqual(lines[0], { type: "build", id: lines.at(-1)!.result!.id });
    assert.equal(lines.at(-1)!.result!.steps.length, 3);
    assert.equal(lines.at(-1)!.result!.cacheHits, 0);
  });

  test("a tar.gz context with the Dockerfile at another path (dockerfile=) builds", async () => {
    const tag = `builds/${run}:tar`;
    images.push(tag);
    const archive = gzipSync(
      await tarOf({ "build/Dockerfile.dev": "FROM local/busybox:1\nCOPY data.txt /data.txt\n", "data.txt": "from the tar\n" }),
    );
    const response = await upload(`tag=${tag}&dockerfile=build/Dockerfile.dev`, archive, { "content-type": "application/gzip" });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    assert.equal(docker("run", "--rm", "--network", "none", tag, "cat", "/data.txt"), "from the tar");
  });

  test("a failing RUN answers 422 with the step, the last good step's image and the end of the log; no container is left", async () => {
    const before = docker("ps", "-aq").split("\n").filter(Boolean).length;
    const response = await typed(`tag=builds/${run}:broken`, {
      dockerfile: "FROM local/busybox:1\nRUN echo good > /good.txt\nRUN echo trying && ls /no/such/dir\nRUN echo never\n",
    });
    assert.equal(response.status, 422);
    const failure = (await response.json()) as BuildFailure;
    assert.equal(failure.code, "unprocessable:build");
    assert.deepEqual(failure.step, { index: 2, instruction: "RUN echo trying && ls /no/such/dir" });
    assert.match(failure.error, /Step 2 .*returned a non-zero code: 1/);
    assert.match(failure.lastImageId ?? "", /^[0-9a-f]{12}$/);
    // The last good step's image is left untagged (dangling): removed after the suite.
    images.push(failure.lastImageId!);
    assert.ok(failure.logTail.includes("trying"));
    assert.ok(failure.logTail.some((line) => /No such file or directory/.test(line)));
    // The last good step's image is there to debug from: it has the first RUN's file.
    assert.equal(docker("run", "--rm", "--network", "none", failure.lastImageId!, "cat", "/good.txt"), "good");
    assert.equal(docker("ps", "-aq").split("\n").filter(Boolean).length, before, "forcerm left no container behind");
    assert.throws(() => docker("image", "inspect", `builds/${run}:broken`), "the tag was not made");
    // Kept in the history as failed, with the image to debug from.
    const stored = await admin.json<BuildDetail>(`/api/builds/${failure.id}`);
    assert.equal(stored.outcome, "failed");
    assert.equal(stored.lastImageId, failure.lastImageId);
    assert.match(stored.error ?? "", /returned a non-zero code: 1/);
    assert.deepEqual(
      stored.steps.map((step) => [step.index, step.imageId !== null]),
      [
        [0, true],
        [1, true],
        [2, false],
      ],
    );
  });

  test("closing the request stops the build: the running step's container is removed, nothing is tagged, the audit row says why", async () => {
    const tag = `builds/${run}:cancelled`;
    images.push(tag);
    const running = () => docker("ps", "-aq").split("\n").filter(Boolean);
    const before = running().length;
    const controller = new AbortController();
    const response = await typed(
      `tag=${tag}&nocache=true`,
      { dockerfile: `FROM local/busybox:1\nRUN echo started-${run} && sleep 60\n` },
      { accept: "application/x-ndjson" },
      controller.signal,
    );
    assert.equal(response.status, 201);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    // The RUN's own output line (its instruction, in the step line before it, has the same words).
    try {
      while (!seen.includes(`"line":"started-${run}"`)) {
        const { value, done } = await reader.read();
        assert.ok(!done, `the stream ended before the RUN printed: ${seen}`);
        seen += decoder.decode(value, { stream: true });
      }
      assert.equal(running().length, before + 1, "the RUN step's container is running");
    } finally {
      // Stopped whatever happened above: a test that fails early must not leave the build running.
      controller.abort();
    }
    await eventually(async () => assert.equal(running().length, before, "the step's container is gone"), 20_000);
    assert.throws(() => docker("image", "inspect", tag), "the cancelled build tagged nothing");
    const audit = await eventually(async () => {
      const { entries } = await admin.json<{ entries: { target: string; outcome: string; error: string | null }[] }>(
        "/api/audit?action=image.build&limit=10",
      );
      const row = entries.find((entry) => entry.target === tag);
      assert.equal(row?.outcome, "failed");
      return row!;
    });
    assert.match(audit.error ?? "", /client went away/);
    const { builds } = await admin.json<BuildPage>(`/api/builds?tag=${encodeURIComponent(tag)}`);
    assert.equal(builds[0]?.outcome, "cancelled");
    assert.match(builds[0]?.error ?? "", /client went away/);
  });

  test("bad input is a 400 before the engine sees anything: tag, build arg, memory, dockerfile path", async () => {
    const body = { dockerfile: "FROM local/busybox:1\n" };
    for (const [query, pattern] of [
      ["tag=Bad%20Tag", /Invalid tag "Bad Tag"/],
      ["tag=UPPER/case:1", /Invalid tag "UPPER\/case:1".*lowercase/],
      ["tag=app:-x", /Invalid tag "app:-x"/],
      ["buildarg=NOVALUE", /build arg is KEY=VALUE/],
      ["memory=12", /at least 6291456/],
      ["dockerfile=../Dockerfile", /inside the context/],
      ["nocache=maybe", /nocache/],
    ] as const) {
      const response = await typed(query, body);
      const text = await response.text();
      assert.equal(response.status, 400, `${query}: ${text}`);
      assert.match((JSON.parse(text) as { error: string }).error, pattern, query);
    }
  });

  test("a context without the Dockerfile is a 400 naming the path", async () => {
    const response = await upload(
      `tag=builds/${run}:nodf&dockerfile=sub/Dockerfile.dev`,
      await tarOf({ Dockerfile: "FROM local/busybox:1\n" }),
    );
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: string; code: string; dockerfile: string };
    assert.equal(body.code, "bad_request:build");
    assert.match(body.error, /no Dockerfile at "sub\/Dockerfile.dev"/);
    assert.equal(body.dockerfile, "sub/Dockerfile.dev");
    const plain = await upload("", await tarOf({ "README.md": "no Dockerfile here\n" }));
    assert.equal(plain.status, 400);
    assert.match(((await plain.json()) as { error: string }).error, /no Dockerfile at "Dockerfile"/);
  });

  test("a body that is not a tar, and JSON without a Dockerfile, are 400s", async () => {
    const notTar = await upload("", Buffer.from("this is not an archive, just text\n".repeat(40)));
    assert.equal(notTar.status, 400);
    assert.match(((await notTar.json()) as { error: string }).error, /not a tar archive/);
    const noDockerfile = await typed("", { files: { "a.txt": "x" } });
    assert.equal(noDockerfile.status, 400);
    assert.match(await noDockerfile.text(), /dockerfile is required/);
    const broken = await admin.fetch("/api/builds", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    assert.equal(broken.status, 400);
  });
});

import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { APIRequestContext, Page } from "@playwright/test";
import { containerApi, dockerCli, expect, test, transferApi, uniqueName } from "./fixtures";
import { BuildsPage } from "./pages/builds-page";
import { LaunchPage } from "./pages/launch-page";
import { rootfsTar, tempFile } from "./tar-files";

// The Builds page: a Dockerfile typed in the editor is linted inline as it is typed,
// built with its steps appearing live, built again from the cache, and a failing build is debugged
// by launching its last good step. Every Dockerfile carries the run's unique name, so no earlier
// run's cache makes a step a hit.

const PHONE = { width: 390, height: 844 };

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Image IDs the build left on the engine (tagged or not), removed after the tests. */
const leftovers: string[] = [];

/** Waits for the build on the page to finish and keeps its image ID for removal afterwards. */
async function builtImage(builds: BuildsPage): Promise<string> {
  await expect(builds.run).toHaveAttribute("data-phase", "done", { timeout: 60_000 });
  const id = (await builds.builtImage.textContent())!.trim();
  leftovers.push(id);
  return id;
}

async function removeLeftovers(request: APIRequestContext): Promise<void> {
  for (const image of leftovers.splice(0).reverse()) expect([200, 404]).toContain(await transferApi.forceRemove(request, image));
}

test.describe("builds", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test.afterAll(async ({ request }) => {
    await removeLeftovers(request);
  });

  test("type a Dockerfile, see its lint finding inline, build it and watch the steps; again from the cache", async ({ page, request }) => {
    const builds = new BuildsPage(page);
    const name = uniqueName("e2e-build");
    const tag = `${name}:1`;
    leftovers.push(tag);
    await builds.goto();
    await expect(builds.cliLine).toHaveText("docker build .");

    // The unique RUN comes first, so no earlier run's cache serves any step.
    const dockerfile = [
      "FROM local/busybox:1",
      `RUN echo ${name} > /id && sleep 2`,
      "MAINTAINER ops@example.com",
      "RUN cat /id",
      'CMD ["cat", "/id"]',
    ];
    await builds.typeDockerfile(dockerfile.join("\n"));
    // The finding is inline (a gutter marker and an underlined range on line 3) and listed with its hadolint ID.
    await expect(builds.lintMarkers.first()).toBeVisible();
    await expect(builds.lintRanges.filter({ hasText: "MAINTAINER" })).toHaveText("MAINTAINER ops@example.com");
    await expect(builds.findingIds.filter({ hasText: "DL4000" })).toHaveCount(1);
    await expect(builds.findings.filter({ hasText: "DL4000" })).toContainText("line 3");

    await builds.tags.fill(tag);
    await builds.buildArgs.fill("UNUSED=1");
    await expect(builds.cliLine).toHaveText(`docker build -t ${tag} --build-arg UNUSED=1 .`);
    await builds.buildArgs.fill("");
    await expect(builds.cliLine).toHaveText(`docker build -t ${tag} .`);

    await builds.submit.click();
    // The steps appear while the build runs: the sleeping RUN is seen running before the build ends.
    await expect(builds.run).toHaveAttribute("data-phase", "running");
    await expect(builds.step(1).root).toHaveAttribute("data-state", "running");
    await expect(builds.step(0).instruction).toHaveText("FROM local/busybox:1");
    await expect(builds.cancel).toBeVisible();

    await builtImage(builds);
    await expect(builds.steps).toHaveCount(5);
    await expect(builds.step(3).root).toHaveAttribute("data-cached", "false");
    await builds
      .step(3)
      .root.getByText(/^Output/)
      .click();
    await expect(builds.step(3).output).toHaveText(name);
    await expect(builds.cacheHits).toHaveText("0 / 5 steps");
    await expect(builds.stepTimes).toHaveCount(5);
    // Each step's image opens the image page and launches a container.
    const stepImage = (await builds.step(2).imageLink.textContent())!.trim();
    expect(stepImage).toMatch(/^[0-9a-f]{12}$/);
    await expect(builds.step(2).imageLink).toHaveAttribute("href", `/images/${stepImage}`);
    await expect(builds.step(2).launch).toHaveAttribute("href", `/containers/new?image=${stepImage}`);
    expect(await transferApi.image(request, tag)).not.toBeNull();
    // The audit row's docker line is the one the page previewed.
    const audit = await containerApi.auditCommands(request, tag);
    expect(audit[0]).toEqual({ command: `docker build -t ${tag} .`, outcome: "succeeded" });

    // The first build of the tag says why its steps ran: nothing to compare with, then the step above.
    await expect(builds.step(1).missReason).toHaveAttribute("data-reason", "first-build");
    await expect(builds.step(2).missReason).toHaveAttribute("data-reason", "step-above");

    // The same build again: every step after FROM comes from the cache.
    await builds.submit.click();
    await builtImage(builds);
    await expect(builds.cacheHits).toHaveText("4 / 5 steps");
    await expect(builds.step(2).root).toHaveAttribute("data-cached", "true");
    await expect(builds.step(2).missReason).toHaveCount(0);

    // A changed instruction misses from there on, and the page says why.
    await builds.typeDockerfile(dockerfile.map((line) => (line === "RUN cat /id" ? "RUN cat /id && echo changed" : line)).join("\n"));
    await builds.submit.click();
    await builtImage(builds);
    await expect(builds.step(2).root).toHaveAttribute("data-cached", "true");
    await expect(builds.step(3).missReason).toHaveAttribute("data-reason", "instruction-changed");
    await expect(builds.step(3).missReason).toContainText('it was "RUN cat /id"');
    await expect(builds.step(4).missReason).toHaveAttribute("data-reason", "step-above");
    await expect(builds.cacheHits).toHaveText("2 / 5 steps");

    // The history lists the three builds of the tag; one opens with its steps, log and Rebuild.
    const rows = builds.historyRows(tag);
    await expect(rows).toHaveCount(3);
    await expect(rows.first().getByTestId("build-outcome")).toHaveText("succeeded");
    await expect(rows.first().getByTestId("history-cache-hits")).toHaveText("2 / 5");
    await rows.nth(1).getByRole("link", { name: tag }).click();
    await expect(page).toHaveURL(/\/builds\/[a-z0-9]+$/);
    await expect(builds.detail).toBeVisible();
    await expect(page.getByTestId("detail-cache-hits")).toHaveText("4 / 5");
    await expect(page.getByTestId("build-command")).toHaveText(`docker build -t ${tag} .`);
    await expect(page.getByTestId("build-log")).toContainText("Successfully tagged");
    await expect(builds.steps).toHaveCount(5);
    // All from the cache: the very image of the build before it; its layers are one click away.
    await expect(page.getByTestId("detail-same-image")).toBeVisible();
    await expect(page.getByTestId("detail-layers")).toHaveAttribute("href", /^\/images\/sha256%3A[0-9a-f]{64}#layers$/);
    await builds.rebuild.click();
    await builtImage(builds);
    await expect(builds.cacheHits).toHaveText("4 / 5 steps");
    await expect(page.getByTestId("rebuild-link")).toBeVisible();

    // The build with the changed instruction: what changed since the one before, on the compare page.
    await builds.goto();
    await builds.historyRows(tag).nth(1).getByRole("link", { name: tag }).click();
    await expect(page.getByTestId("detail-cache-hits")).toHaveText("2 / 5");
    await page.getByTestId("detail-compare-previous").click();
    await expect(page).toHaveURL(/\/images\/compare\?a=sha256%3A[0-9a-f]{64}&b=sha256%3A[0-9a-f]{64}$/);
    await expect(page.getByTestId("compare-summary")).toBeVisible();
  });

  test("a failing build shows the failed step's output and launches its last good step", async ({ page }) => {
    const builds = new BuildsPage(page);
    const name = uniqueName("e2e-fail");
    await builds.goto();
    await builds.typeDockerfile(
      ["FROM local/busybox:1", `RUN echo ${name} > /marker`, `RUN echo about to fail && cat /marker && exit 3`].join("\n"),
    );
    await builds.submit.click();
    await expect(builds.run).toHaveAttribute("data-phase", "failed", { timeout: 60_000 });
    await expect(builds.error).toContainText("Step 2 failed");
    const failed = builds.step(2);
    await expect(failed.root).toHaveAttribute("data-state", "failed");
    await expect(failed.output).toBeVisible();
    await expect(failed.output).toContainText("about to fail");
    await expect(failed.output).toContainText(name);

    const lastGood = (await builds.lastGoodImage.getByTestId("step-image-link").textContent())!.trim();
    leftovers.push(lastGood);
    expect(lastGood).toMatch(/^[0-9a-f]{12}$/);
    await expect(builds.step(1).imageLink).toHaveText(lastGood);
    await builds.lastGoodImage.getByTestId("step-launch").click();
    await expect(page).toHaveURL(`/containers/new?image=${lastGood}`);
    const launch = new LaunchPage(page);
    await expect(launch.image).toHaveValue(lastGood);
    await expect(launch.imageId).toContainText(lastGood);
    await expect(launch.cliLine).toHaveText(`docker run -d ${lastGood}`);
  });

  test("a folder is sent as a tar without what .dockerignore leaves out", async ({ page }) => {
    const builds = new BuildsPage(page);
    const dir = await mkdtemp(path.join(tmpdir(), "e2e-build-folder-"));
    const name = uniqueName("e2e-folder");
    await writeFile(path.join(dir, "Dockerfile"), `FROM local/busybox:1\nCOPY . /ctx\nRUN echo ${name} && ls -R /ctx\n`);
    await writeFile(path.join(dir, ".dockerignore"), "*.log\nsecrets\n");
    await writeFile(path.join(dir, "keep.txt"), "kept");
    await writeFile(path.join(dir, "debug.log"), "left out");
    await mkdir(path.join(dir, "secrets"));
    await writeFile(path.join(dir, "secrets", "token"), "left out");
    await mkdir(path.join(dir, "src"));
    await writeFile(path.join(dir, "src", "app.log"), "kept: *.log is anchored at the root");

    await builds.goto();
    await builds.source("Folder");
    await builds.folderInput.setInputFiles(dir);
    await expect(builds.folderSummary).toContainText("4 files to send");
    await expect(builds.folderSummary).toContainText("2 left out by .dockerignore");
    await expect(builds.cliLine).toHaveText("docker build -");
    await builds.submit.click();
    await builtImage(builds);
    const output = builds.step(2).output;
    await builds
      .step(2)
      .root.getByText(/^Output/)
      .click();
    await expect(output).toContainText("keep.txt");
    await expect(output).toContainText("app.log");
    await expect(output).not.toContainText("debug.log");
    await expect(output).not.toContainText("token");
  });

  test("an uploaded tar.gz context builds, with its upload progress", async ({ page }) => {
    const builds = new BuildsPage(page);
    const name = uniqueName("e2e-archive");
    const tar = await rootfsTar({
      Dockerfile: `FROM local/busybox:1\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt\n`,
      "hello.txt": `${name}\n`,
    });
    const file = await tempFile(`${name}.tar.gz`, gzipSync(tar));
    await builds.goto();
    await builds.source("Archive");
    await builds.archiveInput.setInputFiles(file);
    await builds.submit.click();
    await builtImage(builds);
    await builds
      .step(2)
      .root.getByText(/^Output/)
      .click();
    await expect(builds.step(2).output).toHaveText(name);
  });

  test("a context URL is fetched by the engine: a Dockerfile served on 127.0.0.1 builds", async ({ page }) => {
    const builds = new BuildsPage(page);
    const name = uniqueName("e2e-remote");
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.end(`FROM local/busybox:1\nRUN echo ${name}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Dockerfile`;
    try {
      await builds.goto();
      await builds.source("URL");
      await page.getByTestId("remote-input").fill(url);
      await expect(builds.cliLine).toHaveText(`docker build ${url}`);
      await builds.submit.click();
      await builtImage(builds);
      await builds
        .step(1)
        .root.getByText(/^Output/)
        .click();
      await expect(builds.step(1).output).toHaveText(name);
    } finally {
      server.close();
    }
  });

  test("Cancel stops the build on the engine: no step's container is left running", async ({ page }) => {
    const builds = new BuildsPage(page);
    const name = uniqueName("e2e-cancel");
    const running = () => dockerCli.run(["ps", "-q", "--no-trunc"]).split("\n").filter(Boolean);
    const before = new Set(running());
    await builds.goto();
    await builds.typeDockerfile(["FROM local/busybox:1", `RUN echo ${name} && sleep 60`].join("\n"));
    await builds.submit.click();
    await expect(builds.step(1).root).toHaveAttribute("data-state", "running", { timeout: 30_000 });
    await builds.cancel.click();
    await expect(builds.run).toHaveAttribute("data-phase", "cancelled", { timeout: 30_000 });
    await expect(builds.cancelled).toBeVisible();
    await expect(builds.step(1).root).toHaveAttribute("data-state", "stopped");
    await expect.poll(() => running().filter((id) => !before.has(id)), { timeout: 20_000 }).toEqual([]);
    await expect(builds.submit).toBeEnabled();
    // Stopped through the cancel route: the history says cancelled.
    await page.getByTestId("build-record-link").click();
    await expect(builds.detail.getByTestId("build-outcome")).toHaveText("cancelled");
  });
});

test.describe("builds on a phone (390 × 844)", () => {
  test.use({ viewport: PHONE });

  test("the page and a finished build fit the screen", async ({ page, request }) => {
    const builds = new BuildsPage(page);
    const name = uniqueName("e2e-phone");
    await builds.goto();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await builds.typeDockerfile(["FROM local/busybox:1", `RUN echo ${name} | tee /id`, 'CMD ["cat", "/id"]'].join("\n"));
    await expect(builds.findings.first()).toBeVisible();
    await builds.submit.click();
    await builtImage(builds);
    await expect(builds.summary).toBeVisible();
    await builds
      .step(1)
      .root.getByText(/^Output/)
      .click();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await removeLeftovers(request);
  });
});

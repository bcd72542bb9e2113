import type { Page } from "@playwright/test";
import { dockerCli, expect, test } from "./fixtures";
import { ContainerDetailPage } from "./pages/container-detail-page";

// Containers: quiet logs, live stats, health that means something, names instead of IDs — at the
// desktop width and on a phone.

test.describe.configure({ mode: "serial" });

const VIEWPORTS = [
  { name: "desktop", width: 1440, height: 1000 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * The container's own parts fit the screen: nothing in them makes the page scroll sideways. (The
 * site header is measured by its own specs.)
 */
async function expectNoSidewaysScroll(page: Page, testIds: string[]): Promise<void> {
  for (const testId of testIds) {
    const box = await page.getByTestId(testId).first().boundingBox();
    expect(box, testId).toBeTruthy();
    expect(box!.x + box!.width, testId).toBeLessThanOrEqual(page.viewportSize()!.width + 1);
  }
}

/** Polls the engine until the container's health is `status`. */
async function waitForHealth(name: string, status: string): Promise<void> {
  await expect.poll(() => dockerCli.run(["inspect", "--format", "{{.State.Health.Status}}", name]), { timeout: 20_000 }).toBe(status);
}

for (const viewport of VIEWPORTS) {
  test.describe(`container states at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });
    let silent = "";
    let busy = "";
    let sick = "";
    let silentId = "";

    test.beforeAll(({ runId }) => {
      silent = `${runId}-silent-${viewport.name}`;
      busy = `${runId}-busy-${viewport.name}`;
      sick = `${runId}-sick-${viewport.name}`;
      silentId = dockerCli.run(["run", "-d", "--name", silent, "--network", "none", "local/busybox:1", "sleep", "3600"]);
      // Some CPU and memory to show, without taking a whole core of the shared machine.
      dockerCli.run([
        "run",
        "-d",
        "--name",
        busy,
        "--network",
        "none",
        "local/busybox:1",
        "sh",
        "-c",
        "head -c 8000000 /dev/zero > /tmp/fill; while true; do dd if=/dev/zero of=/dev/null bs=64k count=300 2>/dev/null; sleep 0.2; done",
      ]);
      // A healthcheck that always fails: "unhealthy" after one check.
      dockerCli.run([
        "run",
        "-d",
        "--name",
        sick,
        "--network",
        "none",
        "--stop-timeout",
        "1",
        "--health-cmd",
        "false",
        "--health-interval",
        "1s",
        "--health-retries",
        "1",
        "local/busybox:1",
        "sleep",
        "3600",
      ]);
    });

    test.afterAll(() => {
      for (const name of [silent, busy, sick]) dockerCli.removeContainer(name);
    });

    test("a container that printed nothing: the log answers at once and says no output yet", async ({ page }) => {
      const detail = new ContainerDetailPage(page);
      await detail.goto(silent, "logs");
      await expect(detail.logsStatus).toHaveAttribute("data-status", "following");
      await expect(page.getByTestId("logs-empty")).toHaveText(/^No output yet/);
      await expectNoSidewaysScroll(page, ["container-title", "logs-output", "cli-logs"]);

      // The followed request's headers come within a second, though no line ever comes.
      const headersAfter = await page.evaluate(async (name) => {
        const controller = new AbortController();
        const started = performance.now();
        const response = await fetch(`/api/containers/${name}/logs?follow=true`, {
          headers: { accept: "application/x-ndjson" },
          signal: controller.signal,
        });
        const elapsed = performance.now() - started;
        controller.abort();
        return { status: response.status, elapsed };
      }, silent);
      expect(headersAfter.status).toBe(200);
      expect(headersAfter.elapsed).toBeLessThan(1000);
    });

    test("live stats: CPU, memory of its limit, network and block I/O, each with a sparkline", async ({ page }) => {
      const detail = new ContainerDetailPage(page);
      await detail.goto(busy);
      const stats = page.getByTestId("container-stats");
      await expect(stats).toHaveAttribute("data-status", "live");
      await expect(page.getByTestId("stat-cpu-value")).toHaveText(/^\d+(\.\d)? %$/);
      await expect(page.getByTestId("stat-memory-value")).toHaveText(/^\d+(\.\d+)? (kB|MB|GB)$/);
      await expect(page.getByTestId("stat-memory")).toContainText(/of \d+(\.\d+)? (MB|GB|TB)/);
      await expect(page.getByTestId("stat-network")).toContainText("in total");
      await expect(page.getByTestId("stat-blockio")).toContainText("written in total");
      // The same numbers once, from a terminal: named by the container's name, like the other panels' lines.
      await expect(page.getByTestId("cli-stats")).toHaveText(`docker stats --no-stream ${busy}`);
      // A sample a second: the sparklines grow while the page is open.
      await expect
        .poll(async () => Number(await page.getByTestId("stat-cpu-sparkline").getAttribute("data-points")), { timeout: 15_000 })
        .toBeGreaterThanOrEqual(3);
      await expect
        .poll(async () => Number(await page.getByTestId("stat-memory-sparkline").getAttribute("data-points")))
        .toBeGreaterThanOrEqual(3);
      await expectNoSidewaysScroll(page, ["container-stats", "stat-cpu", "stat-memory", "stat-network", "stat-blockio", "cli-stats"]);

      // A stopped container has no stats: the panel says so instead of zeros.
      dockerCli.run(["kill", busy]);
      await expect(stats).toContainText("Not running", { timeout: 15_000 });
    });

    test("health shows while the container runs, and not once it has stopped", async ({ page }) => {
      await waitForHealth(sick, "unhealthy");
      const detail = new ContainerDetailPage(page);
      await detail.goto(sick);
      await expect(detail.health).toHaveText("unhealthy");
      await expect(page.getByTestId("health-now")).toContainText("failing check");

      dockerCli.run(["stop", sick]);
      await expect(detail.state).toHaveText("exited", { timeout: 15_000 });
      await expect(detail.health).toHaveCount(0);
      await expect(page.getByTestId("health-idle")).toContainText("Not running: no checks run now.");
      await expect(page.getByTestId("health-now")).toHaveCount(0);
      await expect(detail.healthPanel).not.toContainText("no check has run yet");
      await expectNoSidewaysScroll(page, ["container-health-panel", "container-title"]);
    });

    test("tab titles name the container and the image, not their sha256 IDs", async ({ page }) => {
      await page.goto(`/containers/${silentId}`);
      await expect(page).toHaveTitle(new RegExp(`^${silent}\\b`));
      await page.goto(`/containers/${silentId}/logs`);
      await expect(page).toHaveTitle(new RegExp(`^Logs · ${silent}\\b`));
      const imageId = dockerCli.run(["image", "inspect", "--format", "{{.Id}}", "seed/web:1"]);
      // Other specs may have tagged this image too: the title names one of its references.
      const tags = JSON.parse(dockerCli.run(["image", "inspect", "--format", "{{json .RepoTags}}", "seed/web:1"])) as string[];
      await page.goto(`/images/${encodeURIComponent(imageId)}`);
      await expect
        .poll(async () => {
          const title = await page.title();
          return tags.some((tag) => title.startsWith(tag));
        })
        .toBe(true);
      expect(await page.title()).not.toContain("sha256");
    });
  });
}

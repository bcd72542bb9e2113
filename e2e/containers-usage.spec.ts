import { dockerCli, expect, test } from "./fixtures";

// The containers list shows `docker stats` figures for running containers, polled while the
// page is open, and a dash for stopped ones.

test.use({ viewport: { width: 1440, height: 900 } });

test("the containers list shows CPU and memory of running containers, a dash for stopped ones", async ({ page, runId }) => {
  const running = `${runId}-usage-running`;
  const stopped = `${runId}-usage-stopped`;
  dockerCli.run(["run", "-d", "--name", running, "--network", "none", "local/busybox:1", "sleep", "3600"]);
  dockerCli.run(["create", "--name", stopped, "--network", "none", "local/busybox:1", "true"]);
  try {
    await page.goto("/containers");
    const runningRow = page.locator(`[data-testid="container-row"][data-container-name="${running}"]`);
    const stoppedRow = page.locator(`[data-testid="container-row"][data-container-name="${stopped}"]`);
    await expect(runningRow.getByTestId("row-stat-cpu")).toHaveText(/CPU\s*\d+(\.\d)? %/, { timeout: 20_000 });
    await expect(runningRow.getByTestId("row-stat-memory")).toHaveText(/Memory\s*\d+(\.\d+)? (B|kB|MB|GB)/);
    await expect(stoppedRow.getByTestId("container-usage")).toHaveText("—");
    // The extra column keeps the table within the screen.
    const table = page.getByRole("table", { name: "Containers" });
    const fits = await table.evaluate((element) => {
      const box = element.parentElement!;
      return box.scrollWidth <= box.clientWidth + 1;
    });
    expect(fits).toBe(true);
  } finally {
    dockerCli.removeContainer(running);
    dockerCli.removeContainer(stopped);
  }
});

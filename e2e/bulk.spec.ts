import { containerApi, dashboardApi, dockerCli, expect, test } from "./fixtures";

// Bulk actions on the images and containers lists: tick rows, one confirm dialog that says up
// front what stands in the way (an image in use, a container running), then each item through
// its own API call (each audited) with a result per item.

test.describe("bulk actions", () => {
  test("removing two images: the in-use one is named with its container and left out, the other is removed and audited", async ({
    page,
    request,
    imagesPage,
    runId,
  }) => {
    const source = `${runId}-bulk-src`;
    const user = `${runId}-bulk-user`;
    const free = `${runId}-bulk/free`;
    const used = `${runId}-bulk/used`;
    // Two images of their own (a commit each, so distinct IDs), one of them used by a container.
    dockerCli.run(["create", "--name", source, "--network", "none", "local/busybox:1", "true"]);
    dockerCli.run(["commit", "-c", `LABEL bulk=${runId}-free`, source, `${free}:1`]);
    dockerCli.run(["commit", "-c", `LABEL bulk=${runId}-used`, source, `${used}:1`]);
    dockerCli.removeContainer(source);
    dockerCli.run(["create", "--name", user, "--network", "none", `${used}:1`, "true"]);
    try {
      const freeId = await dashboardApi.imageId(request, `${free}:1`);
      const usedId = await dashboardApi.imageId(request, `${used}:1`);
      await imagesPage.goto(`?q=${runId}-bulk`);
      await expect(imagesPage.rows).toHaveCount(2);

      // Select all shown: both rows ticked, the bar says so.
      await page.getByTestId("select-all").check();
      await expect(page.getByTestId("bulk-bar")).toContainText("2 images selected");
      await page.getByTestId("bulk-remove").click();

      const dialog = page.getByRole("dialog", { name: "Remove images" });
      await expect(dialog).toBeVisible();
      const usedItem = dialog.locator(`[data-testid="bulk-item"][data-key="${usedId}"]`);
      const freeItem = dialog.locator(`[data-testid="bulk-item"][data-key="${freeId}"]`);
      // Said before anything runs: in use, by which container.
      await expect(usedItem.getByTestId("bulk-item-warning")).toContainText(`in use by ${user}`);
      await expect(usedItem).toHaveAttribute("data-state", "skipped");
      await expect(freeItem.getByTestId("bulk-item-warning")).toHaveCount(0);
      await expect(dialog.getByTestId("bulk-command")).toHaveText(`docker rmi ${free}:1`);

      await dialog.getByTestId("bulk-confirm").click();
      await expect(dialog.getByTestId("bulk-summary")).toHaveText("1 done · 0 failed · 1 skipped");
      await expect(freeItem).toHaveAttribute("data-state", "done");
      await expect(freeItem.getByTestId("bulk-item-result")).toContainText("untagged 1");
      await expect(usedItem.getByTestId("bulk-item-result")).toContainText(`in use by ${user}`);
      await dialog.getByTestId("bulk-close").click();

      // The list follows: only the used image is left, and the selection is cleared.
      await expect(imagesPage.rows).toHaveCount(1);
      await expect(imagesPage.row(usedId)).toBeVisible();
      await expect(page.getByTestId("bulk-bar")).toHaveCount(0);
      expect((await dashboardApi.images(request)).some((image) => image.id === freeId)).toBe(false);
      // Each item went through the per-image API: audited like a row's Remove.
      const audit = await containerApi.auditCommands(request, `${free}:1`);
      expect(audit).toContainEqual({ command: `docker rmi ${free}:1`, outcome: "succeeded" });
    } finally {
      dockerCli.removeContainer(user);
      dockerCli.removeContainer(source);
      for (const reference of [`${free}:1`, `${used}:1`]) {
        try {
          dockerCli.run(["rmi", "-f", reference]);
        } catch {
          // Already removed by the test.
        }
      }
    }
  });

  test("stopping and removing containers: running ones named up front, one result each", async ({
    page,
    request,
    containersPage,
    runId,
  }) => {
    const running = `${runId}-bulk-run`;
    const stopped = `${runId}-bulk-stopped`;
    dockerCli.run(["run", "-d", "--name", running, "--network", "none", "local/busybox:1", "sleep", "600"]);
    dockerCli.run(["create", "--name", stopped, "--network", "none", "local/busybox:1", "true"]);
    try {
      await page.goto(`/containers?q=${runId}-bulk`);
      await expect(containersPage.rows).toHaveCount(2);
      await containersPage.row(running).getByTestId("select-container").check();
      await containersPage.row(stopped).getByTestId("select-container").check();
      await expect(page.getByTestId("bulk-bar")).toContainText("2 containers selected");

      // Remove first, without force: the dialog says which one is running before anything runs.
      await page.getByTestId("bulk-remove").click();
      let dialog = page.getByRole("dialog", { name: "Remove containers" });
      const runningId = (await containerApi.find(request, running))!.id;
      const stoppedId = (await containerApi.find(request, stopped))!.id;
      await expect(dialog.locator(`[data-key="${runningId}"]`).getByTestId("bulk-item-warning")).toContainText("running");
      await expect(dialog.locator(`[data-key="${stoppedId}"]`).getByTestId("bulk-item-warning")).toHaveCount(0);
      await dialog.getByRole("button", { name: "Cancel" }).click();

      // Stop: the stopped one is left out, the running one stops.
      await page.getByTestId("bulk-stop").click();
      dialog = page.getByRole("dialog", { name: "Stop containers" });
      await expect(dialog.locator(`[data-key="${stoppedId}"]`)).toHaveAttribute("data-state", "skipped");
      await expect(dialog.getByTestId("bulk-command")).toHaveText(`docker stop ${running}`);
      await dialog.getByTestId("bulk-confirm").click();
      await expect(dialog.getByTestId("bulk-summary")).toHaveText("1 done · 0 failed · 1 skipped", { timeout: 30_000 });
      await dialog.getByTestId("bulk-close").click();
      await expect(containersPage.row(running)).toHaveAttribute("data-state", "exited");
      expect((await containerApi.auditCommands(request, running)).map((entry) => entry.command)).toContain(`docker stop ${running}`);

      // Now both are stopped: remove them both in one go.
      await page.getByTestId("select-all").check();
      await page.getByTestId("bulk-remove").click();
      dialog = page.getByRole("dialog", { name: "Remove containers" });
      await expect(dialog.getByTestId("bulk-item-warning")).toHaveCount(0);
      await dialog.getByTestId("bulk-confirm").click();
      await expect(dialog.getByTestId("bulk-summary")).toHaveText("2 done · 0 failed · 0 skipped");
      await expect(dialog.getByTestId("bulk-item-result")).toHaveText(["removed", "removed"]);
      await dialog.getByTestId("bulk-close").click();
      await expect(containersPage.rows).toHaveCount(0);
      expect(await containerApi.find(request, running)).toBeNull();
      expect(await containerApi.find(request, stopped)).toBeNull();
    } finally {
      dockerCli.removeContainer(running);
      dockerCli.removeContainer(stopped);
    }
  });
});

import { formatBytes } from "../lib/format/bytes";
import { CommitDialog } from "./pages/transfer-dialogs";
import { ConfirmActionDialog } from "./pages/containers-page";
import { containerApi, dockerCli, expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

// A container with output on both streams and a line a second after that, to watch following.
const TICKER = ["sh", "-c", "echo out-line; echo err-line >&2; while true; do echo tick; sleep 1; done"];

test.describe("containers", () => {
  let ticker = "";
  let changed = "";
  let doomed = "";
  let entry = "";

  test.beforeAll(({ runId }) => {
    ticker = `${runId}-ticker`;
    changed = `${runId}-changed`;
    doomed = `${runId}-doomed`;
    entry = `${runId}-entry`;
    dockerCli.run(["run", "-d", "--name", ticker, "--network", "none", "local/busybox:1", ...TICKER]);
    // Runs to its end: one added, one changed (copied up from the image) and one deleted file.
    dockerCli.run([
      "run",
      "--name",
      changed,
      "--network",
      "none",
      "local/busybox:1",
      "sh",
      "-c",
      "echo new > /added.txt; echo changed >> /etc/passwd; rm /bin/arch",
    ]);
    // sh as PID 1 ignores SIGTERM, so a short stop timeout keeps `docker stop` quick.
    dockerCli.run(["run", "-d", "--name", doomed, "--stop-timeout", "1", "--network", "none", "local/busybox:1", "sleep", "3600"]);
    dockerCli.run(["create", "--name", entry, "--network", "none", "seed/entry:1"]);
  });

  test.afterAll(() => {
    for (const name of [ticker, changed, doomed, entry]) dockerCli.removeContainer(name);
  });

  test("the list shows a running container with its sizes, filters and searches", async ({ page, request, containersPage, header }) => {
    await containersPage.goto();
    await expect(header.nav.getByRole("link", { name: "Containers" })).toHaveAttribute("aria-current", "page");
    const row = containersPage.row(ticker);
    await expect(row).toHaveAttribute("data-state", "running");
    await expect(row.getByText("running", { exact: true })).toBeVisible();
    await expect(row.getByTestId("container-status")).toContainText("Up");

    // The size columns are the engine's SizeRw and SizeRootFs, as the API reports them.
    const summary = await containerApi.find(request, ticker);
    expect(summary?.sizeRw).not.toBeNull();
    expect(summary?.sizeRootFs).toBeGreaterThan(0);
    await expect(row.getByTestId("container-size-rw")).toHaveText(formatBytes(summary!.sizeRw!));
    await expect(row.getByTestId("container-size-virtual")).toHaveText(formatBytes(summary!.sizeRootFs!));
    await expect(containersPage.sizeLegend).toContainText("copy-on-write layer on top of its image's read-only layers");

    await expect(row.getByRole("link", { name: ticker })).toHaveAttribute("href", `/containers/${summary!.id}`);
    await expect(row.getByTestId("container-image")).toHaveText("local/busybox:1");
    await expect(row.getByTestId("container-image")).toHaveAttribute("href", /^\/images\/sha256%3A[0-9a-f]{64}$/);
    await expect(containersPage.launchLink).toHaveAttribute("href", "/containers/new");

    await containersPage.setFilter("Stopped");
    await expect(containersPage.row(ticker)).toHaveCount(0);
    await expect(containersPage.row(changed)).toHaveCount(1);
    await containersPage.setFilter("Running");
    await expect(containersPage.row(ticker)).toHaveCount(1);
    await expect(containersPage.row(changed)).toHaveCount(0);
    await expect(page).toHaveURL(/\?filter=running$/);

    await containersPage.setFilter("All");
    await containersPage.search.fill(ticker);
    await expect(containersPage.rows).toHaveCount(1);
    await containersPage.search.fill(`${ticker}-nothing`);
    await expect(containersPage.empty).toBeVisible();

    // A row's actions say what they will run before they run.
    await containersPage.search.fill(ticker);
    const menu = await containersPage.openActions(ticker);
    await menu.getByRole("button", { name: "Restart", exact: true }).hover();
    await expect(menu.getByTestId("lifecycle-command")).toHaveText(`docker restart ${ticker}`);
  });

  test("logs follow live output and mark stderr", async ({ page, containerDetailPage: detail }) => {
    await detail.goto(ticker, "logs");
    await expect(detail.tab("Logs")).toHaveAttribute("aria-current", "page");
    await expect(detail.logsCommand).toHaveText(`docker logs -f --tail 100 ${ticker}`);
    await expect(detail.logLine("out-line")).toHaveAttribute("data-stream", "stdout");
    await expect(detail.logLine("err-line")).toHaveAttribute("data-stream", "stderr");
    await expect(detail.logsStatus).toHaveAttribute("data-status", "following");

    // A line the container writes while the page is open shows up without a reload.
    const ticks = detail.logLine("tick");
    await expect(ticks.first()).toBeVisible();
    const before = await ticks.count();
    await expect.poll(() => ticks.count(), { timeout: 10_000 }).toBeGreaterThan(before);

    // Pausing holds new lines back; resuming shows them.
    await detail.logsPause.click();
    await expect(detail.logsStatus).toHaveAttribute("data-status", "paused");
    const held = await ticks.count();
    await expect(detail.logsPause).toHaveText(/^Resume \(\d+ new\)$/, { timeout: 10_000 });
    expect(await ticks.count()).toBe(held);
    await detail.logsPause.click();
    await expect.poll(() => ticks.count()).toBeGreaterThan(held);

    await detail.logsTail.selectOption("all");
    await detail.logsTimestamps.check();
    await expect(detail.logsCommand).toHaveText(`docker logs -f -t ${ticker}`);
    await expect(detail.logLine("out-line")).toHaveCount(1);
    await expect(detail.logLine("out-line")).toContainText(/^\d{4}-\d{2}-\d{2}T/);

    // Leaving the tab aborts the follow request (which ends the engine's log stream on the server).
    const aborted = page.waitForEvent("requestfailed", (request) => request.url().includes(`/api/containers/${ticker}/logs?`));
    await detail.tab("Overview").click();
    expect((await aborted).failure()?.errorText).toContain("ABORTED");
    await expect(detail.inspectCommand).toBeVisible();
  });

  test("changes list the writable layer's added, changed and deleted files; commit opens from there", async ({
    page,
    containerDetailPage: detail,
  }) => {
    await detail.goto(changed, "changes");
    await expect(detail.diffCommand).toHaveText(`docker diff ${changed}`);
    await expect(detail.change("/added.txt")).toHaveAttribute("data-kind", "added");
    await expect(detail.change("/etc/passwd")).toHaveAttribute("data-kind", "changed");
    await expect(detail.change("/bin/arch")).toHaveAttribute("data-kind", "deleted");
    // docker diff's letters.
    await expect(detail.change("/added.txt")).toContainText("A");
    await expect(detail.change("/bin/arch")).toContainText("D");
    await expect(page.getByTestId("changes-count-added")).toHaveText(/1 added/);
    await expect(page.getByTestId("changes-count-deleted")).toHaveText(/1 deleted/);
    await expect(detail.changesExplanation).toContainText("copied up from an image layer");
    await expect(detail.changesExplanation).toContainText("whiteout");
    await expect(detail.changesExplanation).toContainText("the image itself is unchanged");

    await page.getByTestId("changes-count-deleted").click();
    await expect(detail.changeRows).toHaveCount(1);

    await detail.commitThis.click();
    const dialog = new CommitDialog(page);
    await expect(dialog.root).toBeVisible();
    await expect(dialog.preview).toHaveText(`docker commit ${changed}`);
    await dialog.root.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog.root).toHaveCount(0);
  });

  test("remove refuses a running container, then stop and remove succeed and are audited", async ({ page, request, containersPage }) => {
    await containersPage.goto();
    await containersPage.search.fill(doomed);
    await expect(containersPage.row(doomed)).toHaveAttribute("data-state", "running");

    const remove = containersPage.removeDialog;
    await containersPage.chooseAction(doomed, "Remove…");
    await expect(remove.preview).toHaveText(`docker rm ${doomed}`);
    await remove.submit.click();
    await expect(remove.conflict).toBeVisible();
    await expect(remove.conflict).toContainText("Stop it first");
    await expect(remove.conflict).toContainText(`docker rm -f ${doomed}`);
    await remove.cancel.click();

    await containersPage.chooseAction(doomed, "Stop…");
    const stop = new ConfirmActionDialog(page, "Stop container");
    await expect(stop.preview).toHaveText(`docker stop ${doomed}`);
    await stop.confirm.click();
    await expect(stop.root).toHaveCount(0);
    await expect(containersPage.row(doomed)).toHaveAttribute("data-state", "exited");

    await containersPage.chooseAction(doomed, "Remove…");
    await remove.submit.click();
    await expect(remove.root).toHaveCount(0);
    await expect(containersPage.row(doomed)).toHaveCount(0);
    expect(await containerApi.find(request, doomed)).toBeNull();

    const audit = await containerApi.auditCommands(request, doomed);
    expect(audit).toContainEqual({ command: `docker stop ${doomed}`, outcome: "succeeded" });
    expect(audit).toContainEqual({ command: `docker rm ${doomed}`, outcome: "succeeded" });
  });

  test("overview shows the process, env and working dir; the image page links to it", async ({ page, containerDetailPage: detail }) => {
    await page.goto("/images/seed%2Fentry%3A1");
    await page.getByTestId("container-row").filter({ hasText: entry }).getByRole("link", { name: entry }).click();

    await expect(detail.title).toHaveText(entry);
    await expect(detail.tab("Overview")).toHaveAttribute("aria-current", "page");
    await expect(detail.state).toHaveText("created");
    await expect(detail.imageLink).toHaveText("seed/entry:1");
    await expect(detail.inspectCommand).toHaveText(`docker container inspect ${entry}`);
    // ENTRYPOINT ["/bin/sh","/app/run.sh"] with CMD ["--port","8080"] as its arguments.
    await expect(detail.process).toHaveText("/bin/sh /app/run.sh --port 8080");
    await expect(detail.workingDir).toHaveText("/app");
    await expect(detail.env.getByRole("row").filter({ hasText: "GREETING" })).toContainText("hello");
    await expect(detail.env.getByRole("row").filter({ hasText: "APP_HOME" })).toContainText("/app");
    await expect(detail.lifecycleButton("Start")).toBeVisible();
    await expect(detail.lifecycleCommand).toHaveText(`docker start ${entry}`);
  });
});

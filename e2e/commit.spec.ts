import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ImageDetailPage } from "./pages/image-detail-page";
import { CommitDialog, DownloadDialog } from "./pages/transfer-dialogs";
import { dockerCli, expect, test, transferApi } from "./fixtures";
import { tarEntryNames } from "./tar-files";

test.describe.configure({ mode: "serial" });

test.describe("commit and export a container", () => {
  let container = "";
  let reference = "";
  let exported = "";

  test.beforeAll(({ runId }) => {
    container = `${runId}-writer`;
    reference = `e2e-commit/${runId}:1`;
    // A stopped container whose writable layer holds one new file.
    dockerCli.run(["run", "--name", container, "--network", "none", "local/busybox:1", "sh", "-c", "echo hi > /greeting"]);
  });

  test.afterAll(async ({ request }) => {
    dockerCli.removeContainer(container);
    await transferApi.forceRemove(request, reference);
    if (exported) await rm(exported, { force: true });
  });

  test("commit from the containers table makes an image with the file and the new CMD", async ({ page, request }) => {
    const detail = new ImageDetailPage(page);
    await detail.goto("local/busybox:1");
    const row = detail.containerRows.filter({ hasText: container });
    await expect(row).toHaveCount(1);
    await row.getByRole("button", { name: `Commit ${container}` }).click();

    const dialog = new CommitDialog(page);
    await dialog.root.waitFor();
    await expect(dialog.pause).toBeChecked();
    const [repository, tag] = reference.split(":") as [string, string];
    await dialog.repository.fill(repository);
    await dialog.tag.fill(tag);
    await dialog.message.fill("adds /greeting");
    await dialog.author.fill("e2e");
    await dialog.changes.fill('CMD ["cat", "/greeting"]');
    await expect(dialog.preview).toHaveText(
      `docker commit -a e2e -m 'adds /greeting' -c 'CMD ["cat", "/greeting"]' ${container} ${reference}`,
    );

    // A change the engine would refuse is caught before anything runs.
    await dialog.changes.fill("RUN rm -rf /");
    await expect(dialog.root).toContainText("is not allowed");
    await expect(dialog.submit).toBeDisabled();
    await dialog.changes.fill('CMD ["cat", "/greeting"]');

    await dialog.submit.click();
    await expect(dialog.result).toBeVisible();
    await expect(dialog.imageLink).toHaveText(reference);

    const image = await transferApi.image(request, reference);
    const base = await transferApi.image(request, "local/busybox:1");
    expect(image?.config.cmd).toEqual(["cat", "/greeting"]);
    expect(image?.summary.layerCount).toBe((base?.summary.layerCount ?? 0) + 1);
    await expect(dialog.imageId).toHaveText(image?.summary.id ?? "");
    // The file is in the new layer, and the new CMD prints it.
    expect(dockerCli.run(["run", "--rm", "--network", "none", reference])).toBe("hi");

    await dialog.imageLink.click();
    await expect(detail.title).toHaveText(reference);
  });

  test("export downloads the container's filesystem as a tar", async ({ page }) => {
    const detail = new ImageDetailPage(page);
    await detail.goto("local/busybox:1");
    const row = detail.containerRows.filter({ hasText: container });
    await row.getByRole("button", { name: `Export ${container}` }).click();

    const dialog = new DownloadDialog(page, "Export container");
    await expect(dialog.preview).toHaveText(`docker export -o ${container}.tar ${container}`);
    const downloading = page.waitForEvent("download");
    await dialog.link.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${container}.tar`);
    exported = path.join(tmpdir(), `${container}-export.tar`);
    await download.saveAs(exported);
    expect(await tarEntryNames(exported)).toEqual(expect.arrayContaining(["greeting", "bin/"]));
  });
});

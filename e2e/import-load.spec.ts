import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ImageDetailPage } from "./pages/image-detail-page";
import { ImagesPage } from "./pages/images-page";
import { DownloadDialog, ImportDialog, LoadDialog } from "./pages/transfer-dialogs";
import { dashboardApi, expect, test, transferApi } from "./fixtures";
import { rootfsTar, tarEntryNames, tempFile } from "./tar-files";

test.describe.configure({ mode: "serial" });

test.describe("import, save and load", () => {
  const files: string[] = [];
  const references: string[] = [];

  test.afterAll(async ({ request }) => {
    for (const reference of references) await transferApi.forceRemove(request, reference);
    for (const file of files) await rm(file, { force: true });
  });

  test("a rootfs tar imports as a new image with its message and changes", async ({ page, request, runId }) => {
    const repository = `e2e-import/${runId}`;
    const reference = `${repository}:1`;
    references.push(reference);
    const file = await tempFile(
      `${runId}-rootfs.tar`,
      await rootfsTar({ "greeting.txt": `hello from ${runId}\n`, "etc-release": "e2e\n" }),
    );
    files.push(file);

    await new ImagesPage(page).goto();
    await page.getByTestId("images-toolbar").getByRole("button", { name: "Import", exact: true }).click();
    const dialog = new ImportDialog(page);
    await dialog.root.waitFor();
    await expect(dialog.submit).toBeDisabled();
    await dialog.file.setInputFiles(file);
    await dialog.repository.fill(repository);
    await dialog.tag.fill("1");
    await dialog.message.fill(`imported by ${runId}`);
    await dialog.changes.fill(`CMD ["/bin/sh"]\nENV E2E_RUN=${runId}`);
    await expect(dialog.preview).toHaveText(
      `docker import -m 'imported by ${runId}' -c 'CMD ["/bin/sh"]' -c 'ENV E2E_RUN=${runId}' ${path.basename(file)} ${reference}`,
    );
    await dialog.submit.click();

    await expect(dialog.result).toBeVisible({ timeout: 30_000 });
    await expect(dialog.uploadBytes).toContainText("(100%)");
    await expect(dialog.imageLink).toHaveText(reference);
    await expect(dialog.imageId).toHaveText(/^sha256:[0-9a-f]{64}$/);

    const image = await transferApi.image(request, reference);
    expect(image?.config.cmd).toEqual(["/bin/sh"]);
    expect(image?.config.env).toContain(`E2E_RUN=${runId}`);
    expect(image?.summary.layerCount).toBe(1);

    await dialog.imageLink.click();
    await expect(new ImageDetailPage(page).title).toHaveText(reference);
  });

  test("a file that is not an archive is refused with a plain message", async ({ page, request, runId }) => {
    const file = await tempFile(`${runId}-notes.txt`, "these are notes, not a tarball\n".repeat(40));
    files.push(file);
    const before = (await dashboardApi.images(request)).length;

    await new ImagesPage(page).goto();
    await page.getByTestId("images-toolbar").getByRole("button", { name: "Import", exact: true }).click();
    const dialog = new ImportDialog(page);
    await dialog.file.setInputFiles(file);
    await dialog.repository.fill(`e2e-import/${runId}-junk`);
    await dialog.submit.click();

    await expect(dialog.error).toContainText("not a tar archive");
    await expect(dialog.result).toHaveCount(0);
    expect((await dashboardApi.images(request)).length).toBe(before);
  });

  test("an image saved through the download link loads back with its tag", async ({ page, request, runId }) => {
    const repository = `e2e-load/${runId}`;
    const reference = `${repository}:1`;
    references.push(reference);
    await dashboardApi.tag(request, "seed/web:1", repository, "1");

    const detail = new ImageDetailPage(page);
    await detail.goto(reference);
    await expect(detail.title).toBeVisible();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const save = new DownloadDialog(page, "Save image");
    await save.reference.selectOption(reference);
    const fileName = `e2e-load_${runId}_1.tar`;
    await expect(save.preview).toHaveText(`docker save -o ${fileName} ${reference}`);

    const downloading = page.waitForEvent("download");
    await save.link.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(fileName);
    const file = path.join(tmpdir(), `${runId}-${fileName}`);
    files.push(file);
    await download.saveAs(file);
    // A docker save archive: the index files docker load reads.
    expect(await tarEntryNames(file)).toEqual(expect.arrayContaining(["manifest.json", "repositories"]));

    // Untag (seed/web:1 keeps the image): only loading the archive can bring the tag back.
    expect(await dashboardApi.remove(request, reference)).toBe(200);
    expect(await transferApi.image(request, reference)).toBeNull();

    await new ImagesPage(page).goto();
    await page.getByTestId("images-toolbar").getByRole("button", { name: "Load", exact: true }).click();
    const load = new LoadDialog(page);
    await load.file.setInputFiles(file);
    await expect(load.preview).toHaveText(`docker load -i ${path.basename(file)}`);
    await load.submit.click();

    await expect(load.result).toBeVisible({ timeout: 30_000 });
    await expect(load.uploadBytes).toContainText("(100%)");
    await expect(load.loadedLinks).toHaveText([reference]);
    expect(await transferApi.image(request, reference)).not.toBeNull();
  });
});

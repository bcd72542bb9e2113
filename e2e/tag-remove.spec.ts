import { dashboardApi, expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

test.describe("tag and remove", () => {
  test.afterAll(async ({ request, runId }) => {
    // Normally the tests untag these themselves; this only matters after a failure part-way.
    for (const reference of [`${runId}/web:v1`, `${runId}/detail:1`]) await dashboardApi.remove(request, reference);
  });

  test("tagging from the list previews the exact command, then adds the tag", async ({ page, request, runId, imagesPage }) => {
    const webId = await dashboardApi.imageId(request, "seed/web:1");
    await imagesPage.goto();
    const dialog = await imagesPage.openTag(imagesPage.row(webId));

    await dialog.repository.fill(`${runId}/web`);
    await dialog.tag.fill("v1");
    // The preview is there before anything runs.
    await expect(dialog.preview).toHaveText(new RegExp(`^docker tag \\S+ ${runId}/web:v1$`));
    await expect(dialog.submit).toBeEnabled();
    await dialog.submit.click();

    await expect(dialog.root).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: `${runId}/web:v1` })).toBeVisible();
    await imagesPage.search.fill(runId);
    await expect(imagesPage.rowWithTag(`${runId}/web:v1`)).toHaveCount(1);
    await expect(imagesPage.row(webId)).toContainText(`${runId}/web:v1`);
  });

  test("an invalid repository is explained at once and cannot be submitted", async ({ request, imagesPage }) => {
    const webId = await dashboardApi.imageId(request, "seed/web:1");
    await imagesPage.goto();
    const dialog = await imagesPage.openTag(imagesPage.row(webId));

    await dialog.repository.fill("Bad/Repo");
    await expect(dialog.problems).toContainText("lowercase");
    await expect(dialog.submit).toBeDisabled();
    await expect(dialog.preview).toHaveCount(0);

    await dialog.repository.fill("team/app:1");
    await expect(dialog.problems).toContainText("must not include a tag");
    await expect(dialog.submit).toBeDisabled();

    await dialog.repository.fill("team/app");
    await dialog.tag.fill("-bad");
    await expect(dialog.problems).toContainText("invalid tag");
    await expect(dialog.submit).toBeDisabled();
  });

  test("removing the new tag previews docker rmi and only untags", async ({ page, request, runId, imagesPage }) => {
    const webId = await dashboardApi.imageId(request, "seed/web:1");
    const reference = `${runId}/web:v1`;
    await imagesPage.goto(`?q=${runId}`);
    const dialog = await imagesPage.openRemove(imagesPage.rowWithTag(reference));

    await dialog.reference.selectOption(reference);
    await expect(dialog.preview).toHaveText(`docker rmi ${reference}`);
    await expect(dialog.outcome).toContainText("Removes only the tag");
    await expect(dialog.outcome).toContainText("Frees nothing");
    // Untagging one of several tags needs no force, so none is offered.
    await expect(dialog.force).toHaveCount(0);
    await expect(dialog.confirm).toHaveText("Untag");
    await dialog.confirm.click();

    await expect(dialog.root).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: `Untagged ${reference}` })).toBeVisible();
    await expect(imagesPage.rowWithTag(reference)).toHaveCount(0);
    // The image itself stays: seed/web:1 still points to it.
    await imagesPage.search.fill("seed/web:1");
    await expect(imagesPage.row(webId)).toBeVisible();
  });

  test("removing the tag a detail page was opened by moves it to the image ID", async ({
    page,
    request,
    runId,
    imageDetailPage: detail,
  }) => {
    const reference = `${runId}/detail:1`;
    await dashboardApi.tag(request, "seed/web:1", `${runId}/detail`, "1");
    await detail.goto(reference);
    await expect(detail.title).toBeVisible();

    const dialog = await detail.openRemove();
    await expect(dialog.preview).toHaveText(`docker rmi ${reference}`);
    await dialog.confirm.click();

    await expect(dialog.root).toBeHidden();
    await expect(page).toHaveURL(/\/images\/sha256%3A/);
    await expect(detail.title).toBeVisible();
    // Within the page itself: Next.js's hidden route announcer may still hold the previous
    // page's title, which is the removed reference, until the new title streams in.
    await expect(page.getByRole("main").getByText(reference, { exact: true })).toHaveCount(0);
    await expect.poll(() => page.title()).not.toContain(reference);
  });
});

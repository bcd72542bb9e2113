import { dashboardApi, expect, test } from "./fixtures";

test.describe("audit log", () => {
  let repo = "";

  test.beforeAll(async ({ request, runId }) => {
    repo = `${runId}/audit`;
    await dashboardApi.tag(request, "seed/web:1", repo, "1");
    expect(await dashboardApi.remove(request, `${repo}:1`)).toBe(200);
    expect(await dashboardApi.remove(request, `${repo}:gone`)).toBe(404);
  });

  test("lists tag and rmi entries with their CLI lines and outcomes", async ({ auditPage }) => {
    await auditPage.goto();
    const tag = auditPage.rowWithCommand(`docker tag seed/web:1 ${repo}:1`);
    await expect(tag).toHaveCount(1);
    await expect(tag).toHaveAttribute("data-action", "image.tag");
    await expect(tag.getByTestId("audit-outcome")).toHaveText("succeeded");
    await expect(tag).toContainText(`tagged as ${repo}:1`);

    const removed = auditPage.rowWithCommand(`docker rmi ${repo}:1`);
    await expect(removed.getByTestId("audit-outcome")).toHaveText("succeeded");
    await expect(removed).toContainText("untagged 1");

    const failed = auditPage.rowWithCommand(`docker rmi ${repo}:gone`);
    await expect(failed.getByTestId("audit-outcome")).toHaveText("failed");
    await expect(failed).toContainText("No such image");

    // Newest first: the failed removal came last, so it is listed above the tag.
    const commands = await auditPage.rows.getByTestId("audit-command").allTextContents();
    expect(commands.indexOf(`docker rmi ${repo}:gone`)).toBeLessThan(commands.indexOf(`docker tag seed/web:1 ${repo}:1`));
  });

  test("the action filter keeps only that action", async ({ page, auditPage }) => {
    await auditPage.goto();
    await auditPage.action.selectOption("image.tag");
    await auditPage.apply.click();
    await expect(page).toHaveURL(/action=image\.tag/);
    await expect(auditPage.rowWithCommand(`docker tag seed/web:1 ${repo}:1`)).toHaveCount(1);
    await expect(auditPage.rowWithCommand(`docker rmi ${repo}:1`)).toHaveCount(0);
    const actions = await auditPage.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action")));
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(["image.tag"]));
  });

  test("outcome and target filters combine", async ({ auditPage }) => {
    await auditPage.goto(`?outcome=failed&target=${encodeURIComponent(repo)}`);
    await expect(auditPage.outcome).toHaveValue("failed");
    await expect(auditPage.target).toHaveValue(repo);
    await expect(auditPage.rows).toHaveCount(1);
    await expect(auditPage.rowWithCommand(`docker rmi ${repo}:gone`)).toHaveCount(1);
  });

  test("pages older entries through a cursor link", async ({ page, auditPage }) => {
    // One entry per page so the three entries of this run span several pages.
    await auditPage.goto(`?target=${encodeURIComponent(repo)}&limit=1`);
    await expect(auditPage.rows).toHaveCount(1);
    await page.getByRole("link", { name: "Older →" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(auditPage.rows).toHaveCount(1);
    await page.getByRole("link", { name: "Newest" }).click();
    await expect(page).not.toHaveURL(/cursor=/);
  });

  test.describe("laid out for the screen", () => {
    let imageId = "";
    test.beforeAll(async ({ request }) => {
      // An entry whose target is a full 64-hex image ID: the column must not wrap it into 13 lines.
      imageId = await dashboardApi.imageId(request, "seed/web:1");
      await dashboardApi.tag(request, imageId, repo, "by-id");
    });

    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      test(`at ${viewport.width} px: IDs shortened with the full value on hover and in the details, results in words`, async ({
        page,
        auditPage,
      }) => {
        await page.setViewportSize(viewport);
        await auditPage.goto("?action=image.tag");
        const row = auditPage.rows.filter({ hasText: `${repo}:by-id` }).first();
        await expect(row).toBeVisible();
        const hex = imageId.replace(/^sha256:/, "");
        if (viewport.width >= 1024) {
          const target = row.getByTestId("audit-target");
          await expect(target.getByTitle(imageId, { exact: true })).toHaveText(hex.slice(0, 12));
          await expect(target.getByRole("button", { name: `Copy target ${imageId}` })).toBeVisible();
          await expect(row.getByTestId("audit-result")).toHaveText(`tagged as ${repo}:by-id`);
          // The whole table is on screen: Outcome and Result are not behind a sideways scroll.
          const box = await page.getByRole("table", { name: "Audit entries" }).evaluate((table) => ({
            inner: table.parentElement!.scrollWidth,
            outer: table.parentElement!.clientWidth,
          }));
          expect(box.inner).toBeLessThanOrEqual(box.outer);
          await expect(row.getByTestId("audit-outcome")).toBeInViewport();
        }
        await row.getByRole("button", { name: "Details" }).click();
        const details = page.getByTestId("audit-details");
        await expect(details.getByTestId("audit-full-target")).toHaveText(imageId);
        await expect(details.getByTestId("audit-result-json")).toContainText(`"target": "${repo}:by-id"`);
        await expect(details).toContainText("Finished");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await row.getByRole("button", { name: "Hide" }).click();
        await expect(details).toHaveCount(0);
      });
    }
  });
});

import { dashboardApi, dockerCli, expect, test } from "./fixtures";

const SEED_TAGS = ["local/busybox:1", "seed/fat:1", "seed/loaded:1", "seed/entry:1", "seed/web:1", "seed/web:2", "seed/web:latest"];

test.describe("images list", () => {
  let containerName = "";

  test.beforeAll(async ({ runId }) => {
    // A stopped container puts seed/entry:1 "in use" (a stopped container still blocks rmi).
    containerName = `${runId}-user`;
    dockerCli.createContainer(containerName, "seed/entry:1");
  });

  test.afterAll(() => {
    dockerCli.removeContainer(containerName);
  });

  test("shows every seed image with its tags, sizes and totals", async ({ request, imagesPage }) => {
    await imagesPage.goto();
    for (const tag of SEED_TAGS) {
      await expect(imagesPage.rowWithTag(tag), tag).toHaveCount(1);
    }
    // seed/web:2 and seed/web:latest are one image: one row carrying both tags.
    const web2 = imagesPage.row(await dashboardApi.imageId(request, "seed/web:2"));
    await expect(web2).toContainText("seed/web:latest");

    const fat = imagesPage.row(await dashboardApi.imageId(request, "seed/fat:1"));
    await expect(fat).toContainText("54.4 MB");
    await expect(fat).toContainText("52.4 MB unique");

    await expect(imagesPage.totals).toContainText("Disk usage");
    await expect(imagesPage.totals).toContainText("Unused");
    await expect(imagesPage.totals).toContainText("Dangling");
  });

  test("text search narrows the rows to matching references", async ({ imagesPage }) => {
    await imagesPage.goto();
    await imagesPage.search.fill("seed/web");
    await expect(imagesPage.rowWithTag("seed/fat:1")).toHaveCount(0);
    await expect(imagesPage.rowWithTag("seed/web:1")).toHaveCount(1);
    await expect(imagesPage.rowWithTag("seed/web:2")).toHaveCount(1);
    for (const text of await imagesPage.rows.allTextContents()) expect(text).toContain("seed/web");

    await imagesPage.search.fill("no-image-has-this-name");
    await expect(imagesPage.rows).toHaveCount(0);
    await expect(imagesPage.empty).toBeVisible();
  });

  test("in use / unused / dangling filters follow the containers and tags", async ({ page, request, imagesPage }) => {
    // The engine may be shared while developing: take as the unused example a seed image that
    // really has no container right now, rather than assuming one.
    const unused = (await dashboardApi.images(request)).find(
      (image) => image.containers === 0 && image.repoTags.some((tag) => SEED_TAGS.includes(tag)),
    );
    expect(unused, "a seed image without containers").toBeTruthy();
    const unusedTag = unused!.repoTags.find((tag) => SEED_TAGS.includes(tag))!;
    await imagesPage.goto();

    await imagesPage.setFilter("In use");
    await expect(imagesPage.rowWithTag("seed/entry:1")).toHaveCount(1);
    await expect(imagesPage.rowWithTag("seed/entry:1").getByTestId("badge-in-use")).toBeVisible();
    await expect(imagesPage.rowWithTag(unusedTag)).toHaveCount(0);
    await expect(page).toHaveURL(/filter=in-use/);

    await imagesPage.setFilter("Unused");
    await expect(imagesPage.rowWithTag(unusedTag)).toHaveCount(1);
    await expect(imagesPage.rowWithTag("seed/entry:1")).toHaveCount(0);

    await imagesPage.setFilter("Dangling");
    await expect(imagesPage.rowWithTag(unusedTag)).toHaveCount(0);
    const dangling = await imagesPage.rows.count();
    await expect(imagesPage.rows.getByTestId("badge-dangling")).toHaveCount(dangling);
    if (dangling === 0) await expect(imagesPage.empty).toBeVisible();

    // The filter lives in the URL, so a reload keeps it.
    await imagesPage.setFilter("In use");
    await page.reload();
    await expect(imagesPage.filter.getByRole("button", { name: /^In use/ })).toHaveAttribute("aria-pressed", "true");
    await expect(imagesPage.rowWithTag("seed/entry:1")).toHaveCount(1);
    await expect(imagesPage.rowWithTag(unusedTag)).toHaveCount(0);
  });

  test("sorting by size puts seed/fat:1 above local/busybox:1", async ({ request, imagesPage }) => {
    const fatId = await dashboardApi.imageId(request, "seed/fat:1");
    const busyboxId = await dashboardApi.imageId(request, "local/busybox:1");
    await imagesPage.goto();

    // By name first, which puts busybox ("local/...") above fat ("seed/..."), so the size sort has something to change.
    await imagesPage.sort.selectOption("name:asc");
    await expect.poll(async () => (await imagesPage.rowIds()).indexOf(busyboxId) < (await imagesPage.rowIds()).indexOf(fatId)).toBe(true);

    await imagesPage.sortByHeader("Size");
    await expect(imagesPage.page.getByRole("columnheader", { name: "Size" })).toHaveAttribute("aria-sort", "descending");
    const ids = await imagesPage.rowIds();
    expect(ids.indexOf(fatId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(fatId)).toBeLessThan(ids.indexOf(busyboxId));
  });

  test("a row opens the image's detail page", async ({ page, request, imagesPage }) => {
    const fatId = await dashboardApi.imageId(request, "seed/fat:1");
    await imagesPage.goto();
    await imagesPage.row(fatId).getByRole("link", { name: "seed/fat:1" }).click();
    await expect(page).toHaveURL(`/images/${encodeURIComponent(fatId)}`);
    await expect(page.getByTestId("image-title")).toHaveText("seed/fat:1");
  });
});

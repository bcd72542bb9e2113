import { dockerCli, expect, test } from "./fixtures";

// The images and containers lists share one toolbar (filter tabs, search, shown count), one
// placeholder for an empty result and one select column: the same behaviour on both, on a desktop
// and on a phone.

const LISTS = [
  { path: "/images", noun: "images", filter: "Unused", filterWord: "unused", select: "Select all images shown", row: "image-row" },
  {
    path: "/containers",
    noun: "containers",
    filter: "Running",
    filterWord: "running",
    select: "Select all containers shown",
    row: "container-row",
  },
] as const;

for (const viewport of [
  { width: 1440, height: 1000 },
  { width: 390, height: 844 },
]) {
  test.describe(`list toolbar at ${viewport.width} px`, () => {
    test.use({ viewport });
    let containerName = "";

    // A stopped container, so the containers list has a row whatever else the engine holds.
    test.beforeAll(({ runId }) => {
      containerName = `${runId}-toolbar-${viewport.width}`;
      dockerCli.createContainer(containerName, "local/busybox:1");
    });
    test.afterAll(() => {
      dockerCli.removeContainer(containerName);
    });

    for (const list of LISTS) {
      test(`${list.noun}: filter and search go into the URL, an empty result says why and clears`, async ({ page }) => {
        await page.goto(list.path);
        const tabs = page.getByTestId(`${list.noun}-filter`);
        await expect(tabs.getByRole("button", { name: /^All \(\d+\)$/ })).toHaveAttribute("aria-pressed", "true");

        await tabs.getByRole("button", { name: new RegExp(`^${list.filter} \\(\\d+\\)$`) }).click();
        await page.getByTestId(`${list.noun}-search`).fill("nothing-is-called-this");
        await expect(page).toHaveURL(new RegExp(`\\?filter=${list.filterWord}&q=nothing-is-called-this$`));
        const empty = page.getByTestId(`${list.noun}-empty`);
        await expect(empty).toContainText(`No ${list.filterWord} ${list.noun} match “nothing-is-called-this”.`);
        await expect(page.getByText(/^0 of \d+ shown/)).toBeVisible();
        // Nothing on the page scrolls sideways on a phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

        await empty.getByRole("button", { name: "Clear filters" }).click();
        await expect(page).toHaveURL(new RegExp(`${list.path}$`));
        await expect(tabs.getByRole("button", { name: /^All \(\d+\)$/ })).toHaveAttribute("aria-pressed", "true");
        await expect(page.getByTestId(`${list.noun}-search`)).toHaveValue("");
        await expect(empty).toHaveCount(0);
      });

      test(`${list.noun}: the header box ticks every row shown and the bar counts them`, async ({ page }) => {
        await page.goto(list.path);
        const rows = page.getByTestId(list.row);
        await expect(rows.first()).toBeVisible();
        const shown = await rows.count();
        const selectAll = page.getByRole("checkbox", { name: list.select });
        await selectAll.check();
        const singular = list.noun.slice(0, -1);
        await expect(page.getByTestId("bulk-bar")).toContainText(`${shown} ${shown === 1 ? singular : list.noun} selected`);
        await selectAll.uncheck();
        await expect(page.getByTestId("bulk-bar")).toHaveCount(0);
      });
    }
  });
}

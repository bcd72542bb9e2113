import type { Page } from "@playwright/test";
import { dashboardApi, expect, test } from "./fixtures";
import { openRowMenu } from "./pages/row-menu";

// On a 390 × 844 phone the header collapses into a menu, the engine status stays
// in the bar, and no page is wider than the screen.

const PHONE = { width: 390, height: 844 };

/** Every page of the nav (the admin sees them all), and an image's detail page. */
const PAGES = [
  "/images",
  "/containers",
  "/volumes",
  "/networks",
  "/builds",
  "/cleanup",
  "/registries",
  "/audit",
  "/engines",
  "/fleet",
  "/api-docs",
  "/users",
  "/tokens",
  "/images/seed%2Fweb%3A1",
  "/images/seed%2Fentry%3A1",
];

/** The document's width once the page has drawn its data: nothing may make it scroll sideways. */
async function pageWidth(page: Page): Promise<number> {
  // Lists fill in after the first paint (SWR): wait until nothing says it is loading.
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test.describe("on a phone (390 × 844)", () => {
  test.use({ viewport: PHONE });

  for (const path of PAGES) {
    test(`${path} is no wider than the screen`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    });
  }

  test("the header collapses: engine status stays, the nav and the user are in the menu panel", async ({ page, header }) => {
    await page.goto("/images");
    await expect(header.status).toBeVisible();
    await expect(header.status).toContainText("Connected");
    // The bar's own nav and user menu give way to the Menu button.
    await expect(page.getByTestId("user-menu")).toBeHidden();
    const menuButton = page.getByTestId("header-menu-button");
    await expect(menuButton).toBeVisible();
    const statusBox = (await header.status.boundingBox())!;
    expect(statusBox.x + statusBox.width).toBeLessThanOrEqual(PHONE.width);

    await menuButton.click();
    const panel = page.getByTestId("header-menu");
    await expect(panel).toBeVisible();
    const nav = panel.getByRole("navigation", { name: "Main" });
    for (const name of [
      "Images",
      "Containers",
      "Volumes",
      "Networks",
      "Builds",
      "Clean-up",
      "Registries",
      "Audit log",
      "Engines",
      "Fleet",
      "API",
      "Users",
      "Tokens",
    ]) {
      await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    }
    // Name and role apart: the role is a badge of its own, not "admin / admin".
    const user = panel.getByTestId("user-menu-panel");
    await expect(user.getByTestId("user-name")).toHaveText("admin");
    await expect(user.getByTestId("user-role")).toHaveText("admin");
    await expect(user.getByRole("button", { name: "Sign out" })).toBeVisible();
    const panelBox = (await panel.boundingBox())!;
    expect(panelBox.x + panelBox.width).toBeLessThanOrEqual(PHONE.width);

    // Following a link goes there and closes the panel.
    await nav.getByRole("link", { name: "Containers", exact: true }).click();
    await expect(page).toHaveURL(/\/containers$/);
    await expect(panel).toBeHidden();
  });

  test("the images list keeps name, size and actions; the Actions menu fits the screen", async ({ page, request, imagesPage }) => {
    await imagesPage.goto();
    const row = imagesPage.row(await dashboardApi.imageId(request, "seed/web:1"));
    await expect(row.getByRole("link").first()).toBeVisible();
    // Lower-priority columns give way on a phone; the row still says the short ID.
    await expect(page.getByRole("columnheader", { name: "Layers" })).toBeHidden();
    await expect(page.getByRole("columnheader", { name: "Size" })).toBeVisible();
    const rowBox = (await row.boundingBox())!;
    expect(rowBox.x + rowBox.width).toBeLessThanOrEqual(PHONE.width);

    const menu = await openRowMenu(row, await imagesPage.rowLabel(row));
    await expect(menu.getByRole("button", { name: "Tag…" })).toBeVisible();
    const menuBox = (await menu.boundingBox())!;
    expect(menuBox.x).toBeGreaterThanOrEqual(0);
    expect(menuBox.x + menuBox.width).toBeLessThanOrEqual(PHONE.width);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });

  test("an audit entry opens its details: full target, result JSON, times", async ({ page, auditPage }) => {
    await auditPage.goto();
    const row = auditPage.rows.first();
    await expect(row).toBeVisible();
    await row.getByRole("button", { name: "Details" }).click();
    const details = page.getByTestId("audit-details").first();
    await expect(details).toBeVisible();
    await expect(details).toContainText("Started");
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});

import { dashboardApi, expect, test } from "./fixtures";

test.describe("engine status header", () => {
  test("shows the engine's version, API version, platform, storage driver and DOCKER_HOST", async ({ page, request, header }) => {
    const engine = await dashboardApi.engine(request);
    await page.goto("/images");

    await expect(header.status).toHaveAttribute("data-state", "up");
    await expect(header.status).toContainText("Connected");
    await expect(header.status).toContainText(engine.version);
    await expect(header.status).toContainText(`API${engine.apiVersion}`);
    await expect(header.status).toContainText(`${engine.os}/${engine.arch}`);
    await expect(header.status).toContainText(engine.storageDriver);
    await expect(header.status).toContainText(engine.dockerHost);
    await expect(header.banner).toHaveCount(0);
  });

  test("is on every page, and the nav marks the current section", async ({ page, header }) => {
    await page.goto("/audit");
    await expect(header.status).toHaveAttribute("data-state", "up");
    await expect(header.navLink("Audit log")).toHaveAttribute("aria-current", "page");

    await header.navLink("Images").click();
    await expect(page).toHaveURL(/\/images$/);
    await expect(header.navLink("Images")).toHaveAttribute("aria-current", "page");
    await expect(header.navLink("Audit log")).not.toHaveAttribute("aria-current", "page");
  });

  test("the root redirects to /images and an unknown path gets a 404 page", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/images$/);

    const response = await page.goto("/no-such-section");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("page-not-found")).toBeVisible();
  });
});

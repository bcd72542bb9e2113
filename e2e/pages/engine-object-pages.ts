import { expect, type Page } from "@playwright/test";
import { dockerCli } from "../fixtures";

// What the volumes and networks specs share: both pages list an engine object, open its page, and
// answer a real 404 for an unknown or invalid name.

/** The page's content fits the screen: nothing in it makes the page scroll sideways. */
export async function expectFitsWidth(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box).toBeTruthy();
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width + 1);
}

/** `docker volume|network rm NAME` for cleanup: one a test removed already is no failure. */
export function removeQuietly(kind: "volume" | "network", name: string): void {
  try {
    dockerCli.run([kind, "rm", name]);
  } catch {
    // removed by the test
  }
}

/**
 * `/{kind}s/{missing}` answers 404 with a page that names it and fits the screen, whose link leads
 * back to the list; `/{kind}s/{invalid}` (not a name at all) answers the same 404, never a 500.
 */
export async function expectNotFoundPages(page: Page, kind: "volume" | "network", missing: string, invalid: string): Promise<void> {
  const testId = `${kind}-not-found`;
  const response = await page.goto(`/${kind}s/${missing}`);
  expect(response?.status()).toBe(404);
  const notFound = page.getByTestId(testId);
  await expect(notFound).toContainText(`No ${kind} ${missing} on this engine`);
  await expectFitsWidth(page, testId);
  await notFound.getByRole("link", { name: `Back to ${kind}s` }).click();
  await expect(page).toHaveURL(new RegExp(`/${kind}s$`));

  expect((await page.goto(`/${kind}s/${encodeURIComponent(invalid)}`))?.status()).toBe(404);
  await expect(page.getByTestId(testId)).toBeVisible();
}

import type { Page } from "@playwright/test";
import { dockerCli, expect, test, uniqueName } from "./fixtures";

// "Live": an open page follows the engine's event stream. A change made with the docker
// CLI shows up without a reload, the header says the page is live (or polling, and why), and no
// tab polls GET /api/engine while its stream is up. While live, lists poll only every 30 s, so
// a change that shows up within the default expect timeout came from the event stream.

const PHONE = { width: 390, height: 844 };

function removeImage(reference: string): void {
  try {
    dockerCli.run(["rmi", reference]);
  } catch {
    // Already gone: cleanup must not fail a run.
  }
}

/** Waits until the header says the page follows the engine's events. */
async function expectLive(page: Page): Promise<void> {
  const live = page.getByTestId("live-status");
  await expect(live).toHaveAttribute("data-mode", "live");
  await expect(live).toHaveText("Live");
  await expect(live).toHaveAttribute("title", /changes on the engine appear as they happen/);
}

/** Requests the page makes to this path from now on. */
function countRequests(page: Page, pathname: string): () => number {
  let count = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === pathname) count++;
  });
  return () => count;
}

test.describe("live pages", () => {
  test("a tag made with the docker CLI appears in the open images list, and its removal too", async ({ page, imagesPage, header }) => {
    const reference = `live/${uniqueName("tag")}:1`;
    await imagesPage.goto();
    await expectLive(page);
    await expect(header.status).toHaveAttribute("data-state", "up");
    let removed = false;
    try {
      dockerCli.run(["tag", "local/busybox:1", reference]);
      await expect(imagesPage.rowWithTag(reference)).toBeVisible();
      dockerCli.run(["rmi", reference]);
      removed = true;
      await expect(imagesPage.rowWithTag(reference)).toHaveCount(0);
    } finally {
      if (!removed) removeImage(reference);
    }
    await expectLive(page);
  });

  test("a container created with the docker CLI appears in the open containers list", async ({ page, containersPage }) => {
    const name = uniqueName("live");
    await containersPage.goto();
    await expectLive(page);
    let removed = false;
    try {
      dockerCli.createContainer(name, "local/busybox:1");
      await expect(containersPage.row(name)).toBeVisible();
      dockerCli.removeContainer(name);
      removed = true;
      await expect(containersPage.row(name)).toHaveCount(0);
    } finally {
      if (!removed) dockerCli.removeContainer(name);
    }
  });

  test("while live the header does not poll the engine; without the stream it polls and says why", async ({ page, header }) => {
    const engineRequests = countRequests(page, "/api/engine");
    await page.goto("/volumes");
    await expectLive(page);
    // The stream's opening fetches the engine's state once; after that, nothing for 7 s (the
    // fallback polls every 3 s).
    await page.waitForTimeout(1_000);
    const settled = engineRequests();
    await page.waitForTimeout(7_000);
    expect(engineRequests() - settled).toBe(0);

    // A page whose event stream cannot open polls, and the header says so and why.
    await page.route("**/api/events", (route) => route.fulfill({ status: 503, body: "{}", contentType: "application/json" }));
    await page.reload();
    const live = page.getByTestId("live-status");
    await expect(live).toHaveAttribute("data-mode", "polling");
    await expect(live).toHaveText("Polling");
    await expect(live).toHaveAttribute("title", /refused the event stream/);
    await expect(header.status).toHaveAttribute("data-state", "up");
    const before = engineRequests();
    await expect.poll(() => engineRequests() - before, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

    // The stream comes back: live again.
    await page.unroute("**/api/events");
    await expectLive(page);

    // A tab in the background lets its stream go (a browser has six connections per server for
    // all its tabs) and follows again once shown.
    const setVisibility = (state: "hidden" | "visible") =>
      page.evaluate((value) => {
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => value });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    await expect(live).toHaveAttribute("data-mode", "polling");
    await expect(live).toHaveAttribute("title", /in the background/);
    await setVisibility("visible");
    await expectLive(page);
  });

  test.describe("on a phone (390 × 844)", () => {
    test.use({ viewport: PHONE });

    test("the header says live, fits the screen, and a CLI tag appears", async ({ page, imagesPage }) => {
      const reference = `live/${uniqueName("phone")}:1`;
      await imagesPage.goto();
      await expectLive(page);
      const box = (await page.getByTestId("live-status").boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      try {
        dockerCli.run(["tag", "local/busybox:1", reference]);
        await expect(imagesPage.rowWithTag(reference)).toBeVisible();
      } finally {
        removeImage(reference);
      }
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    });
  });
});

import type { Page } from "@playwright/test";
import { dashboardApi, dockerCli, expect, signInAsNewUser, test } from "./fixtures";
import { ImageDetailPage } from "./pages/image-detail-page";

// At 1440 × 900: no table hides columns behind a horizontal scroll, one
// row-action pattern, and text that breaks at spaces.

const DESKTOP = { width: 1440, height: 900 };

/** Tables whose scroll box is wider inside than outside: columns hidden behind a sideways scroll. */
async function scrollingTables(page: Page): Promise<string[]> {
  await expect(page.getByText(/^Loading/)).toHaveCount(0);
  return page.evaluate(() =>
    [...document.querySelectorAll("table")]
      .filter((table) => table.offsetParent !== null)
      .filter((table) => {
        const box = table.parentElement!;
        return box.scrollWidth > box.clientWidth + 1 || document.documentElement.scrollWidth > window.innerWidth;
      })
      .map((table) => table.getAttribute("aria-label") ?? table.getAttribute("data-testid") ?? "table"),
  );
}

test.describe("at 1440 × 900", () => {
  test.use({ viewport: DESKTOP });

  test("no table on any page hides columns behind a horizontal scroll", async ({ page, request, runId }) => {
    // A container with a long name, image and command: the widest row the list meets.
    const wide = `${runId}-a-container-with-a-rather-long-name-for-the-list`;
    // A tag with no place to break: its audit row's target, command and result must still fit.
    const unbroken = `${runId}/${"averylongrepositoryname".repeat(3)}`;
    await dashboardApi.tag(request, "seed/web:1", unbroken, "1");
    dockerCli.run([
      "create",
      "--name",
      wide,
      "--network",
      "none",
      "local/busybox:1",
      "sh",
      "-c",
      "echo hello world; sleep 1; echo done again",
    ]);
    try {
      for (const path of [
        "/images",
        "/containers",
        "/images/seed%2Ffat%3A1",
        "/images/seed%2Floaded%3A1",
        "/registries",
        "/users",
        "/tokens",
        "/audit",
        "/engines",
        "/fleet",
      ]) {
        await page.goto(path);
        await expect(page.locator("table").first()).toBeVisible();
        expect(await scrollingTables(page), `tables scrolling sideways on ${path}`).toEqual([]);
      }
    } finally {
      dockerCli.removeContainer(wide);
      await dashboardApi.remove(request, `${unbroken}:1`);
    }
  });

  test("the header shows the nav and the user's name with the role as a badge apart", async ({ page, header }) => {
    await page.goto("/images");
    await expect(header.nav).toBeVisible();
    await expect(header.navLink("Images")).toBeVisible();
    await expect(header.nav.getByRole("link", { name: "Volumes" })).toHaveAttribute("href", "/volumes");
    await expect(header.nav.getByRole("link", { name: "Networks" })).toHaveAttribute("href", "/networks");
    await expect(header.nav.getByRole("link", { name: "Builds" })).toHaveAttribute("href", "/builds");
    await expect(header.nav.getByRole("link", { name: "Clean-up" })).toHaveAttribute("href", "/cleanup");
    await expect(page.getByTestId("header-menu-button")).toBeHidden();
    await expect(header.status).toContainText("Connected");
    // Name, then the role in a badge of its own: "admin" and "admin", never "admin / admin" as one text.
    await expect(header.userName).toHaveText("admin");
    await expect(header.userRole).toHaveText("admin");
    await expect(header.userRole).toHaveCSS("text-transform", "uppercase");
  });

  test("every list's row actions are one Actions menu with the docker line of the action pointed at", async ({
    page,
    request,
    imagesPage,
  }) => {
    await imagesPage.goto();
    const row = imagesPage.row(await dashboardApi.imageId(request, "seed/web:1"));
    // No inline buttons in the row: one menu.
    await expect(row.getByRole("button", { name: /^(Tag|Remove)/ })).toHaveCount(0);
    const label = await imagesPage.rowLabel(row);
    const remove = await imagesPage.action(row, "Remove…");
    await remove.hover();
    await expect(row.getByTestId("row-action-command")).toHaveText(`docker rmi ${label}`);
    await page.keyboard.press("Escape");

    for (const [path, testId] of [
      ["/users", "user-row"],
      ["/containers", "container-row"],
    ] as const) {
      await page.goto(path);
      const first = page.getByTestId(testId).first();
      if ((await first.count()) === 0) continue;
      await expect(first.getByRole("button", { name: /^Actions for / })).toHaveCount(1);
    }
  });

  test("the tag dialog starts from the image's repository and tag", async ({ request, imagesPage }) => {
    await imagesPage.goto();
    const row = imagesPage.row(await dashboardApi.imageId(request, "seed/fat:1"));
    const label = await imagesPage.rowLabel(row);
    const dialog = await imagesPage.openTag(row);
    const colon = label.lastIndexOf(":");
    await expect(dialog.repository).toHaveValue(label.slice(0, colon));
    await expect(dialog.tag).toHaveValue(label.slice(colon + 1));
  });

  test("history and CLI lines break at spaces, never inside a word", async ({ page }) => {
    const detail = new ImageDetailPage(page);
    await detail.goto("seed/fat:1");
    const step = detail.step("count=50");
    await expect(step).toHaveCount(1);
    const instruction = step.locator("td").nth(1).locator("div").first();
    await expect(instruction).toHaveCSS("word-break", "normal");
    await expect(instruction).toHaveCSS("overflow-wrap", "break-word");
    // "count=50" stays on one line: its box is one line high.
    const words = await instruction.evaluate((element) => {
      const range = document.createRange();
      const text = element.textContent ?? "";
      const at = text.indexOf("count=50");
      const node = [...element.querySelectorAll("*"), element]
        .flatMap((el) => [...el.childNodes])
        .find((child) => child.nodeType === Node.TEXT_NODE && (child.textContent ?? "").includes("count=50"));
      if (!node || at < 0) return -1;
      const start = (node.textContent ?? "").indexOf("count=50");
      range.setStart(node, start);
      range.setEnd(node, start + "count=50".length);
      return range.getClientRects().length;
    });
    expect(words).toBe(1);

    // A wrapped CLI line (the launch preview) breaks at spaces too.
    await page.goto("/containers/new?image=seed%2Fentry%3A1");
    const preview = page.getByTestId("cli-preview");
    await expect(preview).toContainText("docker run");
    await expect(preview).toHaveCSS("white-space", "pre-wrap");
    await expect(preview).toHaveCSS("word-break", "normal");
  });

  test("history steps without an image ID have no Launch link", async ({ page }) => {
    const detail = new ImageDetailPage(page);
    await detail.goto("seed/loaded:1");
    const steps = page.getByTestId("history-step");
    await expect(steps.first()).toBeVisible();
    const missing = steps.filter({ hasText: "<missing>" });
    expect(await missing.count()).toBeGreaterThan(0);
    await expect(missing.getByRole("link", { name: /^Launch/ })).toHaveCount(0);
  });

  test("config panels keep their own height; sharing figures agree; sharing says how many other images", async ({ page }) => {
    const detail = new ImageDetailPage(page);
    await detail.goto("seed/entry:1");
    const config = page.getByTestId("image-config");
    await expect(config).toBeVisible();
    // Each panel as tall as its content, not stretched to its neighbour's height.
    await expect(config).toHaveCSS("align-items", /start/);

    await detail.goto("seed/web:2");
    const shared = page.getByTestId("shared-percent");
    const unique = page.getByTestId("unique-percent");
    await expect(shared).toBeVisible();
    const pair = [await shared.textContent(), await unique.textContent()];
    if (pair.includes("<1%")) expect(pair).not.toContain("100%");
    await expect(page.getByText(/shared ×\d/)).toHaveCount(0);
    await expect(page.getByText(/shared with \d+ other images?/).first()).toBeVisible();
  });
});

test.describe("in a short window", () => {
  test.use({ viewport: { width: 1440, height: 420 } });

  test("the Actions menu of a row near the bottom opens above it, on screen, and its actions work", async ({ page, imagesPage }) => {
    await imagesPage.goto();
    const rows = imagesPage.rows;
    await expect(rows.first()).toBeVisible();
    // The last row of the list, scrolled to the very bottom of the window.
    const row = rows.last();
    await row.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const trigger = row.getByRole("button", { name: /^Actions for / });
    const triggerBox = (await trigger.boundingBox())!;
    const tag = await imagesPage.action(row, "Tag…");
    const menuBox = (await row.getByTestId("row-actions").boundingBox())!;
    expect(menuBox.y).toBeGreaterThanOrEqual(0);
    expect(menuBox.y + menuBox.height).toBeLessThanOrEqual(420);
    if (triggerBox.y + triggerBox.height + menuBox.height > 420) expect(menuBox.y + menuBox.height).toBeLessThanOrEqual(triggerBox.y);
    await tag.click();
    await expect(imagesPage.tagDialog.root).toBeVisible();
  });
});

for (const width of [1280, 1440, 1536]) {
  test.describe(`header at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });

    test("every section fits: no sideways scroll, the engine state and Live stay whole, the rest is under More", async ({
      page,
      header,
    }) => {
      await page.goto("/images");
      await expect(header.nav).toBeVisible();
      // Measured once the event stream is connected: the pill says "Connecting" until then.
      await expect(page.getByTestId("live-status").first()).toHaveAttribute("data-mode", "live");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // Wholly on screen and not clipped by the status box: its own width is all shown.
      for (const testId of ["live-status", "engine-status"]) {
        const box = (await page.getByTestId(testId).first().boundingBox())!;
        expect(box.x + box.width, testId).toBeLessThanOrEqual(width);
      }
      const live = page.getByTestId("live-status");
      const clipped = await live.evaluate((element) => {
        const own = element.getBoundingClientRect();
        const box = element.closest("header div.overflow-hidden")?.getBoundingClientRect();
        return box ? own.right > box.right + 0.5 : false;
      });
      expect(clipped, "the Live pill is cut off").toBe(false);

      // Engines, Users, Tokens and the API reference are one click away under More, which then marks itself current.
      const more = page.getByTestId("nav-more");
      await expect(more).toBeHidden();
      await page.getByTestId("nav-more-button").click();
      await expect(more.getByRole("link", { name: "API", exact: true })).toBeVisible();
      await expect(more.getByRole("link", { name: "Engines", exact: true })).toHaveAttribute("href", "/engines");
      await more.getByRole("link", { name: "Users", exact: true }).click();
      await expect(page).toHaveURL(/\/users$/);
      await expect(more).toBeHidden();
      await expect(page.getByTestId("nav-more-button")).toHaveClass(/bg-slate-800/);
    });
  });
}

for (const width of [1280, 1536]) {
  test.describe(`header at ${width} px, crowded`, () => {
    test.use({ viewport: { width, height: 800 } });

    test("an admin with a long name, while the event stream connects: the pill says Connecting whole, the name gives way", async ({
      browser,
      request,
    }) => {
      // The longest of the pill's words, with a name longer than the user menu shows at this width.
      const { page, username, close } = await signInAsNewUser(browser, request, { prefix: "a-long-administrator-name", role: "admin" });
      try {
        await page.setViewportSize({ width, height: 800 });
        await expect(page).toHaveURL(/\/images$/);
        // The event stream never opens: the pill stays on "Connecting".
        await page.route("**/api/events*", () => undefined);
        await page.reload();
        const live = page.getByTestId("live-status");
        await expect(live).toHaveAttribute("data-mode", "connecting");
        await expect(live).toHaveText("Connecting");
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const cut = await live.evaluate((element) => {
          const own = element.getBoundingClientRect();
          const box = element.closest("header div.overflow-hidden")!.getBoundingClientRect();
          return own.right - box.right;
        });
        expect(cut, "pixels of the Connecting pill cut off").toBeLessThanOrEqual(0.5);
        // The name is cut short instead, whole in its tooltip.
        const name = page.getByTestId("user-menu").getByTestId("user-name");
        await expect(name).toHaveAttribute("title", username);
        expect(await name.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
      } finally {
        await close();
      }
    });
  });
}

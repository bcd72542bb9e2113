import type { APIRequestContext, Page } from "@playwright/test";
import { formatBytes } from "../lib/format/bytes";
import { CleanupPage } from "./pages/cleanup-page";
import { ImagesPage } from "./pages/images-page";
import { dashboardApi, dockerCli, expect, test, transferApi } from "./fixtures";
import { rootfsTar } from "./tar-files";

// The Clean-up page. Disk usage and the treemap at a glance, a plan made from rules or
// by hand (previewed: items, reasons, blockers, the true reclaimable bytes, the docker lines), run
// item by item with its summary; the image is then gone from the images list.

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

type ImageJson = { id: string; repoTags: string[]; size: number };

/** `docker import` through the API of a one-file image only this test has; its ID and size. */
async function importTinyImage(request: APIRequestContext, repo: string, content: string): Promise<ImageJson> {
  const tar = await rootfsTar({ "cleanup.txt": `${content}\n` });
  const imported = await request.post(`/api/images/import?repo=${encodeURIComponent(repo)}&tag=1`, {
    data: tar,
    headers: { "content-type": "application/x-tar" },
  });
  expect(imported.status(), await imported.text()).toBe(201);
  const images = (await (await request.get("/api/images")).json()) as { images: ImageJson[] };
  const image = images.images.find((candidate) => candidate.repoTags.includes(`${repo}:1`));
  expect(image, `${repo}:1 is listed after the import`).toBeTruthy();
  return image!;
}

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test.describe("the Clean-up page", () => {
  test.use({ viewport: DESKTOP });

  test("disk usage and the treemap at a glance; a tile opens its image", async ({ page, request }) => {
    const cleanup = new CleanupPage(page);
    await cleanup.goto();
    const images = await dashboardApi.images(request);
    await expect(cleanup.imagesUsage).toContainText(`${images.length} images`);
    // `docker system df` runs in the background; the page shows where it is and never waits for it.
    await expect(cleanup.systemDfState).toHaveAttribute("data-state", /^(idle|computing|ready)$/);
    await expect(cleanup.systemDfState).toContainText(/computing…|ready|not run yet/);
    await expect(cleanup.usageBar.getByTestId("usage-bar-entry")).toHaveCount(4);
    await expect(cleanup.usageBar.locator('[data-category="images"]')).toContainText(/\d/);
    // Every image with bytes has a tile, named with its unique and shared parts.
    const listed = (await (await request.get("/api/images")).json()) as { images: ImageJson[] };
    await expect(cleanup.tiles).toHaveCount(listed.images.filter((image) => image.size > 0).length);
    const fatId = await dashboardApi.imageId(request, "seed/fat:1");
    const fat = cleanup.tile(fatId);
    await expect(fat).toHaveAttribute("aria-label", /^seed\/fat:1: 54\.\d MB, .* unique, .* shared$/);
    // The largest image gets the largest tile.
    const fatBox = (await fat.boundingBox())!;
    for (const box of await cleanup.tiles.evaluateAll((tiles) =>
      tiles.map((tile) => tile.getBoundingClientRect().width * tile.getBoundingClientRect().height),
    ))
      expect(box).toBeLessThanOrEqual(fatBox.width * fatBox.height + 1);
    await fat.click();
    await expect(page).toHaveURL(/\/images\/seed%2Ffat%3A1$/);
  });

  test("each rule shows its count and bytes; a plan of a hand-picked image previews and runs; the image is gone", async ({
    page,
    request,
    runId,
  }) => {
    const repo = `e2e-cleanup-${runId}`;
    const image = await importTinyImage(request, repo, `plan ${runId}`);
    try {
      const cleanup = new CleanupPage(page);
      await cleanup.goto();
      await expect(cleanup.tile(image.id)).toHaveCount(1);
      // The rules' counts come from the planner itself: the unused rule counts this image too.
      await expect(cleanup.rule("unused").getByTestId("rule-count")).toContainText(/^\d+ items? · frees \d/);
      await expect(cleanup.rule("dangling").getByTestId("rule-count")).toContainText(/^\d+ items? · frees \d/);

      await cleanup.setRule("dangling", false);
      await cleanup.pickImage(image.id);
      await cleanup.preview();
      await expect(cleanup.planItems).toHaveCount(1);
      const item = cleanup.planItem(image.id);
      await expect(item).toContainText(`${repo}:1`);
      await expect(item.getByTestId("plan-item-reason")).toHaveText("listed");
      // Its one layer is its own: removing it frees exactly its size.
      await expect(cleanup.reclaimable).toHaveText(formatBytes(image.size));
      await expect(item.getByTestId("plan-item-bytes")).toHaveText(formatBytes(image.size));
      await expect(cleanup.reclaimableWhy).toContainText("less than the sum of the image sizes");
      await expect(cleanup.planCommands).toHaveText([`docker rmi ${repo}:1`]);

      await cleanup.runPlan();
      await expect(cleanup.runItems).toHaveCount(1);
      await expect(cleanup.runItems.first()).toHaveAttribute("data-outcome", "removed");
      await expect(cleanup.runSummary.getByTestId("run-removed")).toContainText(`${repo}:1`);
      await expect(cleanup.runSummary.getByTestId("run-counts")).toHaveText("1 removed · 0 skipped · 0 failed");
      await expect(cleanup.runSummary.getByTestId("run-freed")).toHaveText(formatBytes(image.size));
      await expect(cleanup.runSummary.getByRole("link", { name: /audit log/i })).toHaveAttribute("href", /^\/audit\?/);
      // The run's audit rows: the session and its removal, and the filter stays on for the next page.
      await cleanup.runSummary.getByRole("link", { name: /audit log/i }).click();
      await expect(page.getByTestId("audit-session")).toBeVisible();
      await expect(page.getByText(`docker rmi ${repo}:1`).first()).toBeVisible();
      await expect(page.locator('form[aria-label="Filter audit entries"] input[name="session"]')).toHaveCount(1);

      const imagesPage = new ImagesPage(page);
      await imagesPage.goto();
      await expect(imagesPage.row(image.id)).toHaveCount(0);
      expect(await transferApi.image(request, `${repo}:1`)).toBeNull();
    } finally {
      await transferApi.forceRemove(request, `${repo}:1`);
    }
  });

  test("the ticked rules and a picked image saved as a policy; a bad schedule is named; run now removes it; disable and delete", async ({
    page,
    request,
    runId,
  }) => {
    const repo = `e2e-cleanup-policy-${runId}`;
    const name = `e2e policy ${runId}`;
    const image = await importTinyImage(request, repo, `policy ${runId}`);
    try {
      const cleanup = new CleanupPage(page);
      await cleanup.goto();
      await cleanup.setRule("dangling", false);
      await cleanup.pickImage(image.id);
      await cleanup.savePolicyButton.click();
      const form = cleanup.savePolicyForm;
      await expect(form).toContainText("1 named image");
      await form.getByLabel("Name").fill(name);
      await form.getByLabel("Schedule (cron)").fill("61 * * * *");
      await expect(form).toContainText("not a cron schedule");
      await form.getByLabel("Schedule preset").selectOption({ label: "On demand only" });
      await form.getByLabel("At most, items per run").fill("5");
      await form.getByRole("button", { name: "Save policy" }).click();
      await expect(form).toHaveCount(0);

      const card = cleanup.policy(name);
      await expect(card.getByTestId("policy-removes")).toHaveText("1 named image");
      await expect(card.getByTestId("policy-schedule")).toHaveText("on demand only");
      await expect(card).toContainText("at most 5 items");
      await expect(card.getByTestId("policy-last-run")).toHaveText("never");

      await card.getByRole("button", { name: "Run now" }).click();
      await expect(card.getByTestId("run-counts")).toHaveText("1 removed · 0 skipped · 0 failed");
      await expect(card.getByTestId("run-removed")).toContainText(`${repo}:1`);
      await expect(card.getByTestId("policy-last-run")).toContainText("succeeded");
      expect(await transferApi.image(request, `${repo}:1`)).toBeNull();
      // The policy's audit rows: the run under the policy's name, and its removal.
      await expect(card.getByRole("link", { name: "audit rows" })).toHaveAttribute("href", /^\/audit\?action=cleanup\.run&target=/);

      await card.getByRole("button", { name: "Disable" }).click();
      await expect(card.getByTestId("policy-disabled")).toBeVisible();
      await card.getByRole("button", { name: "Delete…" }).click();
      await card.getByRole("button", { name: "Delete policy" }).click();
      await expect(card).toHaveCount(0);
    } finally {
      await transferApi.forceRemove(request, `${repo}:1`);
    }
  });

  test("an image a container uses is blocked, naming the container with a link", async ({ page, request, runId }) => {
    const repo = `e2e-cleanup-used-${runId}`;
    const container = `e2e-cleanup-user-${runId}`;
    const image = await importTinyImage(request, repo, `used ${runId}`);
    dockerCli.run(["create", "--name", container, `${repo}:1`, "/cleanup.txt"]);
    try {
      const cleanup = new CleanupPage(page);
      await cleanup.goto();
      await cleanup.setRule("dangling", false);
      await cleanup.pickImage(image.id);
      await cleanup.preview();
      const item = cleanup.planItem(image.id);
      await expect(item).toHaveAttribute("data-blocked", "true");
      await expect(item.getByTestId("plan-item-bytes")).toHaveText("stays");
      await expect(item.getByTestId("plan-item-blocked").getByRole("link", { name: container })).toHaveAttribute(
        "href",
        `/containers/${container}`,
      );
      await expect(cleanup.reclaimable).toHaveText("0 B");
      await expect(cleanup.planCommands).toHaveCount(0);
    } finally {
      dockerCli.removeContainer(container);
      await transferApi.forceRemove(request, `${repo}:1`);
    }
  });
});

test.describe("running a plan that removes a volume", () => {
  test.use({ viewport: DESKTOP });

  test("asks for the number of items typed first, then removes the volume", async ({ page, runId }) => {
    const volume = `e2e-cleanup-vol-${runId}`;
    dockerCli.run(["volume", "create", volume]);
    try {
      const cleanup = new CleanupPage(page);
      await cleanup.goto();
      await cleanup.setRule("dangling", false);
      await cleanup.pickVolume(volume);
      await cleanup.preview();
      await expect(cleanup.planItem(volume)).toHaveAttribute("data-kind", "volume");
      await expect(cleanup.planCommands).toHaveText([`docker volume rm ${volume}`]);

      await cleanup.run.getByRole("button", { name: "Run plan" }).click();
      const confirm = cleanup.run.getByTestId("run-confirm");
      const remove = cleanup.run.getByRole("button", { name: "Remove 1 item" });
      await expect(remove).toBeDisabled();
      await confirm.fill("2");
      await expect(remove).toBeDisabled();
      await confirm.fill("1");
      await remove.click();
      await expect(cleanup.runSummary.getByTestId("run-counts")).toHaveText("1 removed · 0 skipped · 0 failed");
      expect(dockerCli.run(["volume", "ls", "-q", "--filter", `name=^${volume}$`])).toBe("");
    } finally {
      // The run removed it unless the test failed before.
      if (dockerCli.run(["volume", "ls", "-q", "--filter", `name=^${volume}$`])) dockerCli.run(["volume", "rm", volume]);
    }
  });
});

test.describe("the Clean-up page's rules", () => {
  test.use({ viewport: DESKTOP });

  test("ticked rules narrow each other and read as the prune command Docker has for them", async ({ page, request }) => {
    const cleanup = new CleanupPage(page);
    await cleanup.goto();
    await cleanup.setRule("olderThanDays", true);
    await cleanup.rule("olderThanDays").getByRole("textbox", { name: "Days" }).fill("30");
    await cleanup.preview();
    await expect(page.getByTestId("plan-prune")).toContainText("docker image prune -f --filter until=720h");
    const listed = (await (await request.get("/api/images")).json()) as { images: { dangling: boolean; created: string }[] };
    const monthAgo = Date.now() - 30 * 86_400_000;
    const oldDangling = listed.images.filter((image) => image.dangling && Date.parse(image.created) < monthAgo);
    await expect(cleanup.planItems).toHaveCount(oldDangling.length);

    // A keep pattern has no prune equivalent: the page says none rather than a wrong one.
    await cleanup.setRule("olderThanDays", false);
    await page.getByLabel("References matching").fill("seed/*");
    await cleanup.preview();
    await expect(page.getByTestId("plan-prune")).toHaveCount(0);
    // Blocked dangling images (a container uses them) are items too, marked blocked.
    const dangling = (await dashboardApi.images(request)).filter((image) => image.dangling);
    await expect(cleanup.planItems).toHaveCount(dangling.length);

    // A number the route refuses is named at the field, and no plan is asked for.
    await cleanup.setRule("keepNewestPerRepo", true);
    await cleanup.rule("keepNewestPerRepo").getByRole("textbox").fill("many");
    await expect(cleanup.rules).toContainText("a whole number");
    await expect(cleanup.previewButton).toBeEnabled();
    await cleanup.previewButton.click();
    await expect(cleanup.rule("keepNewestPerRepo").getByRole("textbox")).toHaveAttribute("aria-invalid", "true");
  });
});

test.describe("the Clean-up page on a phone (390 × 844)", () => {
  test.use({ viewport: PHONE });

  test("usage, treemap and a plan fit the screen", async ({ page }) => {
    const cleanup = new CleanupPage(page);
    await cleanup.goto();
    await expect(cleanup.tiles.first()).toBeVisible();
    await expect(cleanup.rule("unused").getByTestId("rule-count")).toContainText(/frees/);
    await cleanup.setRule("dangling", false);
    await cleanup.setRule("unused", true);
    await cleanup.preview();
    await expect(cleanup.planItems.first()).toBeVisible();
    await expect(cleanup.reclaimable).toHaveText(/\d/);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});

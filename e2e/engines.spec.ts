import type { APIRequestContext, Page } from "@playwright/test";
import { ImagesPage } from "./pages/images-page";
import { EnginesPage } from "./pages/engines-page";
import { expect, signInAsNewUser, test, uniqueName } from "./fixtures";
import { startSecondEngine, type SecondEngine } from "./second-engine";

// Many engines, in the browser: an admin adds a second private engine (started by this
// spec, see e2e/second-engine.ts) on the engines page, sees it up with its version, switches to it
// from the header and sees its own images, follows a CLI tag made there without reloading, filters
// the audit log by it, and switches back; a viewer sees the engines but cannot add one.

const PHONE = { width: 390, height: 844 };
// Serial: the tests share the engine the admin added and the admin's remembered engine.
test.describe.configure({ mode: "serial", timeout: 120_000 });

let second: SecondEngine;
const engineName = uniqueName("second");
const onlyThere = `${uniqueName("only-second")}/app:1`;
let engineId = "";

async function removeEngine(request: APIRequestContext): Promise<void> {
  // The admin goes back to the default engine first, so later specs run where they expect.
  await request.put("/api/engines/current", { data: { engineId: "default" } });
  const list = await request.get("/api/engines");
  if (!list.ok()) return;
  const { engines } = (await list.json()) as { engines: { id: string; name: string }[] };
  for (const engine of engines.filter((candidate) => candidate.name === engineName)) await request.delete(`/api/engines/${engine.id}`);
}

/** Waits until the header says the page follows its engine's events. */
async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-mode", "live");
}

test.describe("engines", () => {
  test.beforeAll(() => {
    second = startSecondEngine();
    second.docker(["tag", "local/busybox:1", onlyThere]);
  });

  test.afterAll(async ({ request }) => {
    await removeEngine(request);
    second?.stop();
  });

  test("an admin adds an engine on the page and sees it up with its version", async ({ page }) => {
    const engines = new EnginesPage(page);
    await engines.goto();
    await engines.name.fill(engineName);
    await engines.host.fill(second.host);
    await expect(page.getByTestId("add-engine-cli")).toHaveText(`docker context create ${engineName} --docker host=${second.host}`);
    await engines.submit.click();
    await expect(engines.added).toContainText(`Added ${engineName}`);

    const row = engines.row(engineName);
    await expect(row).toHaveAttribute("data-state", "up");
    await expect(row.getByTestId("engine-state")).toHaveText("up");
    const version = second.docker(["version", "--format", "{{.Server.Version}}"]);
    await expect(row.getByTestId("engine-version")).toHaveText(version);
    engineId = (await row.getAttribute("data-engine")) ?? "";
    expect(engineId).not.toBe("");
    expect(engineId).not.toBe("default");

    // A host that answers nothing is refused with the reason, and nothing is saved.
    await engines.name.fill(uniqueName("nothing"));
    await engines.host.fill("unix:///tmp/no-engine-here.sock");
    await engines.submit.click();
    await expect(engines.addError).toBeVisible();
    await expect(engines.addError).toContainText("no-engine-here.sock");
    await expect(engines.rows).toHaveCount(2);
  });

  test("switches to it from the header, sees its images only, and back", async ({ page }) => {
    const engines = new EnginesPage(page);
    const images = new ImagesPage(page);
    await images.goto();
    await expect(engines.switcher).toHaveAttribute("data-engine", "default");
    await expect(images.rowWithTag("seed/fat:1")).toBeVisible();
    await expect(images.rowWithTag(onlyThere)).toHaveCount(0);

    await engines.switchTo(engineId);
    await expect(page).toHaveURL(/\/images$/);
    await expect(engines.switcherName).toHaveText(engineName);
    await expect(engines.switcher).toHaveAttribute("data-state", "up");
    await images.totals.waitFor();
    await expect(images.rowWithTag(onlyThere)).toBeVisible();
    await expect(images.rowWithTag("seed/fat:1")).toHaveCount(0);
    // The header's facts are the second engine's.
    await expect(page.getByTestId("engine-status")).toContainText(second.docker(["version", "--format", "{{.Server.Version}}"]));

    // Remembered: a new page load (and another page) stays on it.
    await page.goto("/images");
    await expect(engines.switcher).toHaveAttribute("data-engine", engineId);
    await expect(images.rowWithTag(onlyThere)).toBeVisible();

    // An image's page opens on that engine, server-rendered there.
    await page.goto(`/images/${encodeURIComponent(onlyThere)}`);
    await expect(page.getByTestId("image-title")).toBeVisible();
    await expect(page.locator("main")).toContainText(onlyThere);

    await engines.switchTo("default");
    // The image's page belonged to the other engine: the switch lands on the list.
    await expect(page).toHaveURL(/\/images$/);
    await images.totals.waitFor();
    await expect(images.rowWithTag("seed/fat:1")).toBeVisible();
    await expect(images.rowWithTag(onlyThere)).toHaveCount(0);
  });

  test("a link naming the engine opens the page on it", async ({ page }) => {
    const engines = new EnginesPage(page);
    const images = new ImagesPage(page);
    await page.goto(`/images?engine=${engineId}`);
    await expect(engines.switcher).toHaveAttribute("data-engine", engineId);
    await images.totals.waitFor();
    await expect(images.rowWithTag(onlyThere)).toBeVisible();
    await engines.switchTo("default");
    await expect(page).toHaveURL(/\/images$/);
  });

  test("another open tab says the engine was switched elsewhere and follows on request", async ({ page }) => {
    const engines = new EnginesPage(page);
    const other = await page.context().newPage();
    try {
      const otherEngines = new EnginesPage(other);
      await other.goto("/volumes");
      await expect(otherEngines.switcher).toHaveAttribute("data-engine", "default");
      await page.goto("/images");
      await engines.switchTo(engineId);
      // The other tab keeps working on its engine until asked: its requests name it.
      const notice = other.getByTestId("engine-switched-elsewhere");
      await expect(notice).toContainText("This tab still shows default");
      await expect(otherEngines.switcher).toHaveAttribute("data-engine", "default");
      await notice.getByRole("button", { name: "Follow it" }).click();
      await expect(other.locator(`[data-testid="engine-switcher"][data-engine="${engineId}"]`)).toBeVisible();
      await expect(other).toHaveURL(/\/volumes$/);
      await expect(notice).toHaveCount(0);
    } finally {
      await other.close();
    }
    await engines.switchTo("default");
  });

  test("a page on the second engine sees a docker tag made with the CLI there, without reloading", async ({ page }) => {
    const engines = new EnginesPage(page);
    const images = new ImagesPage(page);
    const reference = `live/${uniqueName("second")}:1`;
    await images.goto();
    await engines.switchTo(engineId);
    await images.totals.waitFor();
    await expectLive(page);
    // The event stream is the second engine's.
    const streams: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/events") streams.push(request.url());
    });
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    try {
      second.docker(["tag", "local/busybox:1", reference]);
      // Lists poll every 30 s while live: within the default 15 s, only the event stream can have brought it.
      await expect(images.rowWithTag(reference)).toBeVisible();
    } finally {
      second.docker(["rmi", reference]);
    }
    await expect(images.rowWithTag(reference)).toHaveCount(0);
    expect(navigations).toBe(0);
    expect(streams.every((url) => url.includes(`engine=${engineId}`))).toBe(true);
    await engines.switchTo("default");
  });

  test("the audit log names the engine an action ran on and filters by it", async ({ page, request }) => {
    const repo = uniqueName("audit-second");
    const tagged = await request.post(`/api/images/${encodeURIComponent("local/busybox:1")}/tag?engine=${engineId}`, {
      data: { repo, tag: "1" },
    });
    expect(tagged.status(), await tagged.text()).toBe(201);
    try {
      await page.goto(`/audit?engineId=${engineId}`);
      const rows = page.getByTestId("audit-row");
      await expect(rows.first()).toBeVisible();
      const engines = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-engine")));
      expect(new Set(engines)).toEqual(new Set([`${engineName} (${second.host})`]));
      await expect(page.getByTestId("audit-command").getByText(`docker tag local/busybox:1 ${repo}:1`, { exact: true })).toBeVisible();

      // The filter is a select of the engines; choosing all shows the default engine's rows too.
      const filter = page.getByRole("form", { name: "Filter audit entries" }).getByLabel("Engine");
      await expect(filter).toHaveValue(engineId);
      await filter.selectOption("");
      await page.getByRole("form", { name: "Filter audit entries" }).getByRole("button", { name: "Apply" }).click();
      await expect(page).toHaveURL(/engineId=(&|$)/);
      await expect(page.getByTestId("audit-engine").first()).toBeVisible();
    } finally {
      second.docker(["rmi", `${repo}:1`]);
    }
  });

  test.describe("on a phone (390 × 844)", () => {
    test.use({ viewport: PHONE });

    test("the switcher fits the header and switches", async ({ page }) => {
      const engines = new EnginesPage(page);
      await engines.goto();
      await expect(engines.row(engineName)).toHaveAttribute("data-state", "up");
      const box = (await engines.switcher.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      await engines.switchTo(engineId);
      await expect(page).toHaveURL(/\/engines$/);
      await expect(engines.row(engineName).getByTestId("engine-current")).toBeVisible();
      const panel = engines.switcherPanel;
      await engines.switcher.click();
      const panelBox = (await panel.boundingBox())!;
      expect(panelBox.x).toBeGreaterThanOrEqual(0);
      expect(panelBox.x + panelBox.width).toBeLessThanOrEqual(PHONE.width);
      await page.keyboard.press("Escape");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await engines.switchTo("default");
    });
  });

  test("a viewer sees the engines and switches, but cannot add one", async ({ browser, request }) => {
    const { page: viewer, close } = await signInAsNewUser(browser, request, { prefix: "engines-viewer", role: "viewer", path: "/engines" });
    try {
      await expect(viewer).toHaveURL(/\/engines$/);
      const engines = new EnginesPage(viewer);
      await expect(engines.row(engineName)).toHaveAttribute("data-state", "up");
      await expect(viewer.getByTestId("engines-admin-only")).toBeVisible();
      await expect(engines.addForm).toHaveCount(0);
      // The API refuses too.
      const refused = await viewer.request.post("/api/engines", {
        data: { name: uniqueName("viewer-engine"), host: second.host },
        headers: { origin: new URL(viewer.url()).origin },
      });
      expect(refused.status()).toBe(403);
      // Switching is the viewer's own choice, remembered for the viewer only.
      await engines.switchTo(engineId);
      await expect(engines.row(engineName).getByTestId("engine-current")).toBeVisible();
    } finally {
      await close();
    }
    // The admin's engine did not change with the viewer's.
    const current = (await (await request.get("/api/engines")).json()) as { current: string };
    expect(current.current).toBe("default");
  });
});

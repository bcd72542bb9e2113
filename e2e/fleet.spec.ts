import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, test, uniqueName } from "./fixtures";

// The fleet view: a matrix of images × engines, and "Copy here" that copies an image to
// an engine lacking it (docker save | docker -H … load through the dashboard) with progress.

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** A second private dockerd (scripts/lib/sandbox.sh), empty, for the suite's own engine to copy to. */
function startEngine(): { dir: string; host: string; docker: (...args: string[]) => string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-fleet-"));
  const sandbox = (command: string) =>
    execFileSync("bash", ["-c", `source scripts/lib/sandbox.sh && ${command} "$1"`, "sandbox", dir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
  sandbox("sandbox_start_engine");
  const host = `unix://${dir}/docker.sock`;
  return {
    dir,
    host,
    docker: (...args) => execFileSync("docker", ["-H", host, ...args], { encoding: "utf8" }).trim(),
    remove: () => {
      sandbox("sandbox_stop_engine");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

class FleetPage {
  constructor(readonly page: Page) {}
  async goto(query = "") {
    await this.page.goto(`/fleet${query}`);
    await expect(this.matrix).toBeVisible();
  }
  get matrix(): Locator {
    return this.page.getByTestId("fleet-matrix");
  }
  row(imageId: string): Locator {
    return this.page.locator(`[data-testid="fleet-row"][data-image-id="${imageId}"]`);
  }
  cell(imageId: string, engine: string): Locator {
    return this.row(imageId).locator(`[data-testid="fleet-cell"][data-engine="${engine}"]`);
  }
}

async function imageIdOf(page: Page, reference: string): Promise<string> {
  const response = await page.request.get(`/api/images/${encodeURIComponent(reference)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { summary: { id: string } }).summary.id;
}

test.describe("the fleet page", () => {
  let engine: ReturnType<typeof startEngine>;
  let engineId = "";
  const engineName = uniqueName("edge");

  test.beforeAll(async ({ playwright, baseURL }) => {
    engine = startEngine();
    const request = await playwright.request.newContext({
      baseURL,
      storageState: path.join(__dirname, ".auth", "admin.json"),
      extraHTTPHeaders: { origin: new URL(baseURL!).origin },
    });
    const created = await request.post("/api/engines", { data: { name: engineName, host: engine.host } });
    expect(created.status(), await created.text()).toBe(201);
    engineId = ((await created.json()) as { id: string }).id;
    await request.dispose();
  });

  test.afterAll(async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({
      baseURL,
      storageState: path.join(__dirname, ".auth", "admin.json"),
      extraHTTPHeaders: { origin: new URL(baseURL!).origin },
    });
    if (engineId) await request.delete(`/api/engines/${engineId}`);
    await request.dispose();
    engine?.remove();
  });

  for (const [label, viewport, reference] of [
    ["at 1440 px", DESKTOP, "seed/fat:1"],
    ["at 390 px", PHONE, "seed/entry:1"],
  ] as const) {
    test(`${label}: the matrix shows both engines, and Copy here copies with progress until the cell fills`, async ({ page }) => {
      await page.setViewportSize(viewport);
      const fleet = new FleetPage(page);
      const id = await imageIdOf(page, reference);
      await fleet.goto();
      await expect(page.getByTestId("fleet-engine")).toHaveCount(2);
      await expect(page.locator(`[data-testid="fleet-engine"][data-engine="${engineId}"]`)).toContainText(engineName);
      await expect(fleet.cell(id, "default")).toHaveAttribute("data-state", "holds");
      await expect(fleet.cell(id, engineId)).toHaveAttribute("data-state", "missing");
      // No sideways page scroll: the matrix scrolls inside its own box if it must.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      // Filter by reference: other images go, this one stays.
      await page.getByTestId("fleet-search").fill(reference);
      await expect(page.getByTestId("fleet-row")).toHaveCount(1);
      await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(reference).replace(/%2F/g, "(%2F|/)")}`));

      await fleet
        .cell(id, engineId)
        .getByRole("button", { name: `Copy ${reference} to ${engineName}` })
        .click();
      const dialog = page.getByRole("dialog");
      await expect(dialog.getByTestId("cli-preview")).toHaveText(`docker save ${reference} | docker -H ${engine.host} load`);
      await dialog.getByRole("button", { name: "Copy", exact: true }).click();
      const progress = dialog.getByTestId("copy-progress");
      await expect(progress).toBeVisible();
      await expect(dialog.getByTestId("copy-result")).toBeVisible({ timeout: 60_000 });
      await expect(progress.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
      await expect(dialog.getByTestId("copy-bytes")).toContainText("(100%)");
      await expect(dialog.getByTestId("copy-loaded")).toHaveText(reference);
      await expect(dialog.getByTestId("copy-id")).toHaveText(id.replace("sha256:", "").slice(0, 12));
      // The footer's Close (the title bar has an × named Close too).
      await dialog.getByRole("button", { name: "Close" }).last().click();

      await expect(fleet.cell(id, engineId)).toHaveAttribute("data-state", "holds");
      expect(engine.docker("image", "inspect", "--format", "{{.Id}}", reference)).toBe(id);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    });
  }

  test("a tag that names another image on an engine shows as stale there", async ({ page, request }) => {
    await page.setViewportSize(DESKTOP);
    const web1 = await imageIdOf(page, "seed/web:1");
    const web2 = await imageIdOf(page, "seed/web:2");
    // The edge engine gets seed/web:1's image under the tag seed/web:2 (a copy by ID loads untagged).
    const copied = await request.post(`/api/images/${encodeURIComponent(web1)}/copy`, { data: { to: engineId } });
    expect(copied.status(), await copied.text()).toBe(200);
    engine.docker("tag", web1, "seed/web:2");
    const fleet = new FleetPage(page);
    await fleet.goto("?q=seed/web");
    await expect(fleet.cell(web2, engineId)).toHaveAttribute("data-state", "stale");
    await expect(fleet.cell(web1, engineId)).toHaveAttribute("data-state", "holds");
    await fleet
      .cell(web2, engineId)
      .getByRole("button", { name: `Copy seed/web:2 to ${engineName}` })
      .click();
    await expect(page.getByTestId("copy-stale-note")).toContainText("seed/web:2 names image");
  });

  test("the image page's Copy to engine… opens the same copy", async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    // seed/web:2 is stale on the edge engine (the test above): a target the copy can go to.
    await page.goto("/images/seed%2Fweb%3A2");
    await page.getByRole("button", { name: "Copy to engine…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("From", { exact: true })).toHaveValue("default");
    await expect(dialog.getByLabel("To", { exact: true })).toHaveValue(engineId);
    await expect(dialog.getByTestId("cli-preview")).toContainText(`| docker -H ${engine.host} load`);
  });
});

import type { Locator, Page } from "@playwright/test";

/** The Clean-up page: disk usage, the treemap, the rules and hand-picked items, the plan and its run. */
export class CleanupPage {
  readonly diskUsage: Locator;
  readonly systemDfState: Locator;
  readonly imagesUsage: Locator;
  readonly usageBar: Locator;
  readonly treemap: Locator;
  readonly tiles: Locator;
  readonly rules: Locator;
  readonly previewButton: Locator;
  readonly plan: Locator;
  readonly planItems: Locator;
  readonly reclaimable: Locator;
  readonly reclaimableWhy: Locator;
  readonly planCommands: Locator;
  readonly run: Locator;
  readonly runSummary: Locator;
  readonly runItems: Locator;
  readonly savePolicyButton: Locator;
  readonly savePolicyForm: Locator;
  readonly policies: Locator;

  constructor(readonly page: Page) {
    this.diskUsage = page.getByTestId("disk-usage");
    this.systemDfState = page.getByTestId("system-df-state");
    this.imagesUsage = page.getByTestId("usage-images");
    this.usageBar = page.getByTestId("usage-bar");
    this.treemap = page.getByTestId("image-treemap");
    this.tiles = page.getByTestId("treemap-tile");
    this.rules = page.getByTestId("cleanup-rules");
    this.previewButton = page.getByTestId("cleanup-preview");
    this.plan = page.getByTestId("plan-preview");
    this.planItems = page.getByTestId("plan-item");
    this.reclaimable = page.getByTestId("plan-reclaimable");
    this.reclaimableWhy = page.getByTestId("plan-reclaimable-why");
    this.planCommands = page.getByTestId("plan-command");
    this.run = page.getByTestId("plan-run");
    this.runSummary = page.getByTestId("run-summary");
    this.runItems = page.getByTestId("run-item");
    this.savePolicyButton = page.getByTestId("cleanup-save-policy");
    this.savePolicyForm = page.getByTestId("save-policy");
    this.policies = page.getByTestId("cleanup-policies");
  }

  /** A saved policy's card, by name. */
  policy(name: string): Locator {
    return this.page.locator(`[data-testid="policy"][data-policy="${name}"]`);
  }

  async goto(): Promise<void> {
    await this.page.goto("/cleanup");
    await this.imagesUsage.waitFor();
  }

  /** The treemap tile of an image, by ID. */
  tile(imageId: string): Locator {
    return this.page.locator(`[data-testid="treemap-tile"][data-image-id="${imageId}"]`);
  }

  /** A rule's row (its tick, its number and its count), by the route's rule name. */
  rule(name: string): Locator {
    return this.page.locator(`[data-testid="cleanup-rule"][data-rule="${name}"]`);
  }

  async setRule(name: string, on: boolean): Promise<void> {
    await this.rule(name).getByRole("checkbox").setChecked(on);
  }

  /** Ticks an image (by ID) in the "Pick images" list, opening it first. */
  async pickImage(imageId: string): Promise<void> {
    const list = this.page.getByTestId("pick-images");
    if ((await list.getAttribute("open")) === null) await list.locator("summary").click();
    await list.locator(`[data-testid="pick-row"][data-id="${imageId}"]`).getByRole("checkbox").check();
  }

  /** Ticks a volume in the "Pick volumes" list (listed once opened). */
  async pickVolume(name: string): Promise<void> {
    const list = this.page.getByTestId("pick-volumes");
    if ((await list.getAttribute("open")) === null) await list.locator("summary").click();
    await list.locator(`[data-testid="pick-row"][data-id="${name}"]`).getByRole("checkbox").check();
  }

  async preview(): Promise<void> {
    await this.previewButton.click();
    await this.plan.waitFor();
  }

  /** A plan item, by its image or container ID. */
  planItem(id: string): Locator {
    return this.page.locator(`[data-testid="plan-item"][data-id="${id}"]`);
  }

  /**
   * Runs the previewed plan: "Run plan", typing the number of items where the page asks for it,
   * then waits for the summary.
   */
  async runPlan(): Promise<void> {
    await this.run.getByRole("button", { name: "Run plan" }).click();
    const confirm = this.run.getByTestId("run-confirm");
    if (await confirm.isVisible()) {
      const expected = (await confirm.getAttribute("data-expected")) ?? "";
      await confirm.fill(expected);
      await this.run.getByRole("button", { name: /^Remove \d+/ }).click();
    }
    await this.runSummary.waitFor();
  }
}

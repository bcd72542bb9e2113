import type { Locator, Page } from "@playwright/test";

/** The engines page (app/(dashboard)/engines) and the header's engine switcher. */
export class EnginesPage {
  readonly addForm: Locator;
  readonly name: Locator;
  readonly host: Locator;
  readonly submit: Locator;
  readonly added: Locator;
  readonly addError: Locator;
  readonly rows: Locator;
  readonly switcher: Locator;
  readonly switcherName: Locator;
  readonly switcherPanel: Locator;

  constructor(readonly page: Page) {
    this.addForm = page.getByRole("form", { name: "Add an engine" });
    this.name = this.addForm.getByLabel("Name");
    this.host = this.addForm.getByLabel("Host");
    this.submit = this.addForm.getByRole("button", { name: "Add engine" });
    this.added = page.getByTestId("added-engine");
    this.addError = page.getByTestId("add-engine-error");
    this.rows = page.getByTestId("engine-row");
    this.switcher = page.getByTestId("engine-switcher");
    this.switcherName = page.getByTestId("engine-switcher-name");
    this.switcherPanel = page.getByTestId("engine-switcher-panel");
  }

  async goto(): Promise<void> {
    await this.page.goto("/engines");
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="engine-row"][data-name="${name}"]`);
  }

  /** Opens the header's switcher and chooses the engine with this ID; the page loads anew on it. */
  async switchTo(engineId: string): Promise<void> {
    await this.switcher.click();
    await this.switcherPanel.locator(`[data-testid="engine-option"][data-engine="${engineId}"]`).click();
    await this.page.locator(`[data-testid="engine-switcher"][data-engine="${engineId}"]`).waitFor();
  }
}

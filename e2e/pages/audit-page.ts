import type { Locator, Page } from "@playwright/test";

export class AuditPage {
  readonly rows: Locator;
  readonly action: Locator;
  readonly outcome: Locator;
  readonly target: Locator;
  readonly apply: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("audit-row");
    const form = page.getByRole("form", { name: "Filter audit entries" });
    this.action = form.getByLabel("Action");
    this.outcome = form.getByLabel("Outcome");
    this.target = form.getByLabel("Target contains");
    this.apply = form.getByRole("button", { name: "Apply" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/audit${query}`);
  }

  /** The entry whose docker command is exactly this line. */
  rowWithCommand(command: string): Locator {
    return this.rows.filter({ has: this.page.getByTestId("audit-command").getByText(command, { exact: true }) });
  }
}

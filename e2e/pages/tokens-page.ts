import type { Locator, Page } from "@playwright/test";
import { rowAction } from "./row-menu";
import type { RoleName } from "./users-page";

export class TokensPage {
  readonly form: Locator;
  readonly newToken: Locator;
  readonly newTokenValue: Locator;
  readonly usage: Locator;
  readonly revokeDialog: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Create token" });
    this.newToken = page.getByTestId("new-token");
    this.newTokenValue = page.getByTestId("new-token-value");
    this.usage = page.getByTestId("new-token-usage");
    this.revokeDialog = page.getByRole("dialog", { name: "Revoke token" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/tokens");
  }

  async create(name: string, role: RoleName): Promise<void> {
    await this.form.getByLabel("Name").fill(name);
    await this.form.getByLabel("Role").selectOption(role);
    await this.form.getByRole("button", { name: "Create token" }).click();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="token-row"][data-token-name="${name}"]`);
  }

  async revoke(name: string): Promise<void> {
    await (await rowAction(this.row(name), name, "Revoke…")).click();
    await this.revokeDialog.getByRole("button", { name: "Revoke", exact: true }).click();
  }
}

import type { Locator, Page } from "@playwright/test";

export type RoleName = "viewer" | "operator" | "admin";

export class UsersPage {
  readonly form: Locator;
  readonly rows: Locator;
  readonly needsRole: Locator;
  readonly resetDialog: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Create user" });
    this.rows = page.getByTestId("user-row");
    this.needsRole = page.getByTestId("needs-role");
    this.resetDialog = page.getByRole("dialog", { name: "Reset password" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/users");
  }

  async create(username: string, password: string, role: RoleName): Promise<void> {
    await this.form.getByLabel("Username").fill(username);
    await this.form.getByLabel("Password").fill(password);
    await this.form.getByLabel("Role").selectOption(role);
    await this.form.getByRole("button", { name: "Create user" }).click();
  }

  row(username: string): Locator {
    return this.page.locator(`[data-testid="user-row"][data-username="${username}"]`);
  }

  roleSelect(username: string): Locator {
    return this.row(username).getByLabel(`Role of ${username}`);
  }

  status(username: string): Locator {
    return this.row(username).getByTestId("user-status");
  }

  disableButton(username: string): Locator {
    return this.row(username).getByRole("button", { name: `Disable ${username}` });
  }

  enableButton(username: string): Locator {
    return this.row(username).getByRole("button", { name: `Enable ${username}` });
  }

  async openResetPassword(username: string): Promise<Locator> {
    await this.row(username)
      .getByRole("button", { name: `Reset password of ${username}` })
      .click();
    await this.resetDialog.waitFor();
    return this.resetDialog;
  }

  async resetPassword(username: string, password: string): Promise<void> {
    const dialog = await this.openResetPassword(username);
    await dialog.getByLabel("New password", { exact: true }).fill(password);
    await dialog.getByLabel("Confirm new password").fill(password);
    await dialog.getByRole("button", { name: "Set password" }).click();
  }
}

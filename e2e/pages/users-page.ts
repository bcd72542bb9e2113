import type { Locator, Page } from "@playwright/test";
import { rowAction } from "./row-menu";

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

  /** The Disable entry of the user's Actions menu (opens the menu). */
  async disableButton(username: string): Promise<Locator> {
    return rowAction(this.row(username), username, "Disable");
  }

  /** The Enable entry of the user's Actions menu (opens the menu). */
  async enableButton(username: string): Promise<Locator> {
    return rowAction(this.row(username), username, "Enable");
  }

  async openResetPassword(username: string): Promise<Locator> {
    await (await rowAction(this.row(username), username, "Reset password…")).click();
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

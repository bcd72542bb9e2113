import type { Locator, Page } from "@playwright/test";
import { rowAction } from "./row-menu";
import { PullDialog } from "./transfer-dialogs";

export class RegistriesPage {
  readonly addForm: Locator;
  readonly rows: Locator;
  readonly editDialog: Locator;
  readonly deleteDialog: Locator;
  readonly testDialog: TestLoginDialog;
  readonly browser: Locator;
  readonly tagRows: Locator;
  readonly deleteTagDialog: Locator;
  readonly pullDialog: PullDialog;
  readonly needsRole: Locator;

  constructor(readonly page: Page) {
    this.addForm = page.getByRole("form", { name: "Add registry" });
    this.rows = page.getByTestId("registry-row");
    this.editDialog = page.getByRole("dialog", { name: "Edit registry" });
    this.deleteDialog = page.getByRole("dialog", { name: "Delete registry" });
    this.testDialog = new TestLoginDialog(page);
    this.browser = page.getByTestId("registry-browser");
    this.tagRows = this.browser.getByTestId("registry-tag-row");
    this.deleteTagDialog = page.getByRole("dialog", { name: "Delete tag from registry" });
    this.pullDialog = new PullDialog(page);
    this.needsRole = page.getByTestId("needs-role");
  }

  async goto(): Promise<void> {
    await this.page.goto("/registries");
    await this.page.getByRole("heading", { name: "Registries", level: 1 }).waitFor();
  }

  row(address: string): Locator {
    return this.page.locator(`[data-testid="registry-row"][data-address="${address}"]`);
  }

  async add(address: string, username: string, password: string): Promise<void> {
    await this.addForm.getByLabel("Address").fill(address);
    await this.addForm.getByLabel("Username").fill(username);
    await this.addForm.getByLabel("Password or access token").fill(password);
    await this.addForm.getByRole("button", { name: "Add registry" }).click();
  }

  /** Edit dialog: a blank `password` leaves the saved one as it is. */
  async edit(address: string, changes: { username?: string; password?: string }): Promise<void> {
    await (await rowAction(this.row(address), address, "Edit…")).click();
    if (changes.username !== undefined) await this.editDialog.getByLabel("Username").fill(changes.username);
    if (changes.password !== undefined) await this.editDialog.getByLabel("New password").fill(changes.password);
    await this.editDialog.getByRole("button", { name: "Save" }).click();
    await this.editDialog.waitFor({ state: "hidden" });
  }

  async openTestLogin(address: string): Promise<TestLoginDialog> {
    await (await rowAction(this.row(address), address, "Test login…")).click();
    await this.testDialog.root.waitFor();
    return this.testDialog;
  }

  async browse(address: string): Promise<void> {
    await (await rowAction(this.row(address), address, "Browse")).click();
    await this.browser.waitFor();
  }

  repository(name: string): Locator {
    return this.browser.getByRole("list", { name: "Repositories" }).getByRole("button", { name, exact: true });
  }

  tagRow(tag: string): Locator {
    return this.browser.locator(`[data-testid="registry-tag-row"][data-tag="${tag}"]`);
  }
}

export class TestLoginDialog {
  readonly root: Locator;
  readonly preview: Locator;
  readonly run: Locator;
  readonly result: Locator;
  readonly badge: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Test login" });
    this.preview = this.root.getByTestId("cli-preview");
    this.run = this.root.getByRole("button", { name: /^(Test login|Test again)$/ });
    this.result = this.root.getByTestId("login-result");
    this.badge = this.root.getByTestId("login-badge");
  }

  async close(): Promise<void> {
    // The footer's Close; the header's × shares the name.
    await this.root.getByRole("button", { name: "Close", exact: true }).last().click();
    await this.root.waitFor({ state: "hidden" });
  }
}

import type { Locator, Page } from "@playwright/test";

export class LoginPage {
  readonly form: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Sign in" });
    this.username = this.form.getByLabel("Username");
    this.password = this.form.getByLabel("Password");
    this.submit = this.form.getByRole("button", { name: "Sign in" });
    this.error = page.getByTestId("login-error");
  }

  async goto(next?: string): Promise<void> {
    await this.page.goto(next === undefined ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  }

  /** Fills and submits the form; where it lands is for the test to check. */
  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }
}

import type { Locator, Page } from "@playwright/test";

export class EngineHeader {
  readonly status: Locator;
  readonly banner: Locator;
  readonly nav: Locator;
  readonly userMenu: Locator;
  readonly userName: Locator;
  readonly userRole: Locator;
  readonly signOut: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId("engine-status");
    this.banner = page.getByTestId("engine-banner");
    this.nav = page.getByRole("navigation", { name: "Main" });
    this.userMenu = page.getByTestId("user-menu");
    this.userName = this.userMenu.getByTestId("user-name");
    this.userRole = this.userMenu.getByTestId("user-role");
    this.signOut = this.userMenu.getByRole("button", { name: "Sign out" });
  }

  navLink(name: "Images" | "Containers" | "Audit log" | "Users" | "Tokens"): Locator {
    return this.nav.getByRole("link", { name });
  }
}

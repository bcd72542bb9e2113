import type { Locator, Page } from "@playwright/test";

export class EngineHeader {
  readonly status: Locator;
  readonly banner: Locator;
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId("engine-status");
    this.banner = page.getByTestId("engine-banner");
    this.nav = page.getByRole("navigation", { name: "Main" });
  }

  navLink(name: "Images" | "Audit log"): Locator {
    return this.nav.getByRole("link", { name });
  }
}

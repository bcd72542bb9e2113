import type { Locator, Page } from "@playwright/test";

/** The Console tab of a container: an xterm.js terminal running `docker exec -it NAME sh`. */
export class ConsolePage {
  readonly terminal: Locator;
  /** The rows xterm.js renders: what the terminal shows. */
  readonly screen: Locator;
  readonly status: Locator;
  readonly execIdBadge: Locator;
  readonly cli: Locator;
  readonly end: Locator;
  readonly command: Locator;
  readonly newSession: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.terminal = page.getByTestId("console-terminal");
    this.screen = this.terminal.locator(".xterm-rows");
    this.status = page.getByTestId("console-status");
    this.execIdBadge = page.getByTestId("console-exec-id");
    this.cli = page.getByTestId("cli-exec");
    this.end = page.getByTestId("console-end");
    const form = page.getByRole("form", { name: "New console session" });
    this.command = form.getByLabel("Command");
    this.newSession = form.getByRole("button", { name: "New session" });
    this.error = page.getByTestId("console-error");
  }

  async goto(container: string): Promise<void> {
    await this.page.goto(`/containers/${encodeURIComponent(container)}/console`);
  }

  /** The engine's ID of the exec behind the session, as the page shows it. */
  async execId(): Promise<string> {
    const id = await this.execIdBadge.getAttribute("data-exec-id");
    if (!id) throw new Error("the console shows no exec ID");
    return id;
  }

  /** Types a command line into the terminal, as a user would, and presses Enter. */
  async run(line: string): Promise<void> {
    await this.terminal.click();
    await this.page.keyboard.type(line);
    await this.page.keyboard.press("Enter");
  }
}

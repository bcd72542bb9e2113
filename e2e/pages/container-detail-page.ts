import type { Locator, Page } from "@playwright/test";

export type ContainerTab = "Overview" | "Logs" | "Changes" | "Console";

/** /containers/{id} and its tabs. */
export class ContainerDetailPage {
  readonly title: Locator;
  readonly state: Locator;
  readonly health: Locator;
  readonly imageLink: Locator;
  readonly lifecycleButtons: Locator;
  readonly lifecycleCommand: Locator;
  readonly notFound: Locator;
  // Overview
  readonly inspectCommand: Locator;
  readonly process: Locator;
  readonly workingDir: Locator;
  readonly env: Locator;
  readonly healthPanel: Locator;
  readonly raw: Locator;
  // Logs
  readonly logLines: Locator;
  readonly logsStatus: Locator;
  readonly logsTail: Locator;
  readonly logsTimestamps: Locator;
  readonly logsCommand: Locator;
  readonly logsPause: Locator;
  // Changes
  readonly changeRows: Locator;
  readonly changesExplanation: Locator;
  readonly diffCommand: Locator;
  readonly commitThis: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId("container-title");
    this.state = page.getByTestId("container-state");
    this.health = page.getByTestId("container-health");
    this.imageLink = page.getByTestId("container-image-link");
    this.lifecycleButtons = page.getByTestId("lifecycle-buttons");
    this.lifecycleCommand = page.getByTestId("lifecycle-command");
    this.notFound = page.getByTestId("container-not-found");
    this.inspectCommand = page.getByTestId("cli-inspect");
    this.process = page.getByTestId("container-process");
    this.workingDir = page.getByTestId("container-workdir");
    this.env = page.getByTestId("container-env");
    this.healthPanel = page.getByTestId("container-health-panel");
    this.raw = page.getByTestId("container-raw");
    this.logLines = page.getByTestId("log-line");
    this.logsStatus = page.getByTestId("logs-status");
    this.logsTail = page.getByTestId("logs-tail");
    this.logsTimestamps = page.getByTestId("logs-timestamps");
    this.logsCommand = page.getByTestId("cli-logs");
    this.logsPause = page.getByTestId("logs-pause");
    this.changeRows = page.getByTestId("change-row");
    this.changesExplanation = page.getByTestId("changes-explanation");
    this.diffCommand = page.getByTestId("cli-diff");
    this.commitThis = page.getByRole("button", { name: "Commit this container" });
  }

  async goto(ref: string, tab?: "logs" | "changes"): Promise<void> {
    await this.page.goto(`/containers/${encodeURIComponent(ref)}${tab ? `/${tab}` : ""}`);
  }

  tab(name: ContainerTab): Locator {
    return this.page.getByRole("navigation", { name: "Container" }).getByRole("link", { name, exact: true });
  }

  /** Log lines whose text is exactly this. */
  logLine(text: string): Locator {
    return this.logLines.filter({ has: this.page.getByText(text, { exact: true }) });
  }

  change(path: string): Locator {
    return this.page.locator(`[data-testid="change-row"][data-path="${path}"]`);
  }

  lifecycleButton(label: string): Locator {
    return this.lifecycleButtons.getByRole("button", { name: label, exact: true });
  }
}

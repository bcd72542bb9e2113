import type { Locator, Page } from "@playwright/test";

/** `/containers/new`: the launch form and its live preview. */
export class LaunchPage {
  readonly form: Locator;
  readonly image: Locator;
  readonly name: Locator;
  readonly command: Locator;
  readonly entrypoint: Locator;
  readonly clearEntrypoint: Locator;
  readonly imageId: Locator;
  readonly process: Locator;
  readonly entrypointPart: Locator;
  readonly cmdPart: Locator;
  readonly notes: Locator;
  readonly cliLine: Locator;
  readonly cliPlaceholder: Locator;
  readonly submit: Locator;
  readonly serverError: Locator;
  readonly lookupError: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Launch a container" });
    this.image = this.form.getByLabel("Image", { exact: true });
    this.name = this.form.getByLabel("Name", { exact: true });
    this.command = this.form.getByLabel("Command", { exact: true });
    this.entrypoint = this.form.getByLabel("Entrypoint", { exact: true });
    this.clearEntrypoint = this.form.getByLabel("Clear the entrypoint");
    this.imageId = page.getByTestId("launch-image-id");
    this.process = page.getByTestId("process-argv");
    this.entrypointPart = page.getByTestId("process-entrypoint");
    this.cmdPart = page.getByTestId("process-cmd");
    this.notes = page.getByTestId("process-notes");
    this.cliLine = page.getByTestId("cli-preview");
    this.cliPlaceholder = page.getByTestId("cli-preview-empty");
    this.submit = this.form.getByRole("button", { name: /^(Start|Create) container$/ });
    this.serverError = page.getByTestId("launch-error");
    this.lookupError = page.getByTestId("image-lookup-error");
  }

  async goto(image: string): Promise<void> {
    await this.page.goto(`/containers/new?image=${encodeURIComponent(image)}`);
  }

  /** Adds a row to a list field (Environment, Ports, Volumes) and types the value into it. */
  async addRow(legend: "Environment" | "Ports" | "Volumes", value: string): Promise<Locator> {
    const list = this.form.getByRole("group", { name: legend });
    const add = { Environment: "Add variable", Ports: "Add port", Volumes: "Add volume" }[legend];
    await list.getByRole("button", { name: `+ ${add}` }).click();
    const row = list.getByTestId(/-row$/).last();
    await row.getByRole("textbox").fill(value);
    return row;
  }

  /** The source badge of a process part: image, override, cleared, run command, dropped, none. */
  source(part: Locator): Locator {
    return part.getByTestId(/-source$/);
  }
}

import type { Locator, Page } from "@playwright/test";

export type ContainerFilterLabel = "All" | "Running" | "Stopped";

/** The /containers list. */
export class ContainersPage {
  readonly rows: Locator;
  readonly filter: Locator;
  readonly search: Locator;
  readonly empty: Locator;
  readonly sizeLegend: Locator;
  readonly launchLink: Locator;
  readonly removeDialog: RemoveContainerDialog;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("container-row");
    this.filter = page.getByTestId("containers-filter");
    this.search = page.getByTestId("containers-search");
    this.empty = page.getByTestId("containers-empty");
    this.sizeLegend = page.getByTestId("size-legend");
    this.launchLink = page.getByRole("link", { name: "Launch container" });
    this.removeDialog = new RemoveContainerDialog(page);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/containers${query}`);
    await this.filter.waitFor();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="container-row"][data-container-name="${name}"]`);
  }

  async setFilter(label: ContainerFilterLabel): Promise<void> {
    await this.filter.getByRole("button", { name: new RegExp(`^${label}\\b`) }).click();
  }

  /** Opens a row's Actions popover and returns it (its buttons and the CLI line of the one pointed at). */
  async openActions(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole("button", { name: `Actions for ${name}` })
      .click();
    const menu = this.page.getByTestId("row-actions").filter({ visible: true });
    await menu.waitFor();
    return menu;
  }

  /** Runs a row action from its popover: the button's label, e.g. "Stop…" or "Remove…". */
  async chooseAction(name: string, label: string): Promise<void> {
    const menu = await this.openActions(name);
    await menu.getByRole("button", { name: label, exact: true }).click();
  }
}

/** The confirmation of Stop or Kill. */
export class ConfirmActionDialog {
  readonly root: Locator;
  readonly preview: Locator;
  readonly confirm: Locator;
  readonly error: Locator;

  constructor(page: Page, title: "Stop container" | "Kill container") {
    this.root = page.getByRole("dialog", { name: title });
    this.preview = this.root.getByTestId("cli-preview");
    this.confirm = this.root.getByRole("button", { name: title === "Stop container" ? /^(Stop|Stopping…)$/ : /^(Kill|Killing…)$/ });
    this.error = this.root.getByRole("alert");
  }
}

/** `docker rm` with its force and volumes options. */
export class RemoveContainerDialog {
  readonly root: Locator;
  readonly force: Locator;
  readonly volumes: Locator;
  readonly preview: Locator;
  readonly submit: Locator;
  readonly conflict: Locator;
  readonly cancel: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Remove container" });
    this.force = this.root.getByLabel("Force (-f)");
    this.volumes = this.root.getByLabel("Remove anonymous volumes (-v)");
    this.preview = this.root.getByTestId("cli-preview");
    this.submit = this.root.getByRole("button", { name: /^(Remove|Force remove|Removing…)$/ });
    this.conflict = this.root.getByTestId("remove-conflict");
    this.cancel = this.root.getByRole("button", { name: "Cancel" });
  }
}

import type { Locator, Page } from "@playwright/test";
import { rowAction } from "./row-menu";

export type ImageFilterLabel = "All" | "In use" | "Unused" | "Dangling";

export class ImagesPage {
  readonly rows: Locator;
  readonly totals: Locator;
  readonly search: Locator;
  readonly filter: Locator;
  readonly sort: Locator;
  readonly empty: Locator;
  readonly tagDialog: TagDialog;
  readonly removeDialog: RemoveDialog;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("image-row");
    this.totals = page.getByTestId("images-totals");
    this.search = page.getByTestId("images-search");
    this.filter = page.getByTestId("images-filter");
    this.sort = page.getByTestId("images-sort");
    this.empty = page.getByTestId("images-empty");
    this.tagDialog = new TagDialog(page);
    this.removeDialog = new RemoveDialog(page);
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/images${query}`);
    await this.totals.waitFor();
  }

  /** The row of the image with this ID (stable, unlike tags a test adds). */
  row(imageId: string): Locator {
    return this.page.locator(`[data-testid="image-row"][data-image-id="${imageId}"]`);
  }

  /** Rows that show this reference among their tags. */
  rowWithTag(reference: string): Locator {
    return this.rows.filter({ has: this.page.getByText(reference, { exact: true }) });
  }

  async setFilter(label: ImageFilterLabel): Promise<void> {
    await this.filter.getByRole("button", { name: new RegExp(`^${label}\\b`) }).click();
  }

  async sortByHeader(name: "Image" | "Created" | "Size" | "Unique / shared"): Promise<void> {
    await this.page.getByRole("columnheader", { name }).getByRole("button").click();
  }

  /** Image IDs in the order the table shows them. */
  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-image-id") ?? ""));
  }

  /** What the row's Actions button is named after: its first tag, or its short ID. */
  async rowLabel(row: Locator): Promise<string> {
    const name = await row.getByRole("button", { name: /^Actions for / }).getAttribute("aria-label");
    return (name ?? "").replace(/^Actions for /, "");
  }

  /** A button of the row's Actions menu (opens the menu): "Tag…" or "Remove…". */
  async action(row: Locator, action: "Tag…" | "Remove…"): Promise<Locator> {
    return rowAction(row, await this.rowLabel(row), action);
  }

  async openTag(row: Locator): Promise<TagDialog> {
    await (await this.action(row, "Tag…")).click();
    await this.tagDialog.root.waitFor();
    return this.tagDialog;
  }

  async openRemove(row: Locator): Promise<RemoveDialog> {
    await (await this.action(row, "Remove…")).click();
    await this.removeDialog.root.waitFor();
    return this.removeDialog;
  }
}

export class TagDialog {
  readonly root: Locator;
  readonly repository: Locator;
  readonly tag: Locator;
  readonly preview: Locator;
  readonly submit: Locator;
  readonly problems: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Tag image" });
    this.repository = this.root.getByLabel("Repository");
    this.tag = this.root.getByLabel("Tag", { exact: true });
    this.preview = this.root.getByTestId("cli-preview");
    this.submit = this.root.getByRole("button", { name: "Tag", exact: true });
    this.problems = this.root.getByRole("alert");
  }
}

export class RemoveDialog {
  readonly root: Locator;
  readonly reference: Locator;
  /** "Remove anyway (-f)": offered only when a plain removal would be refused. */
  readonly force: Locator;
  readonly noPrune: Locator;
  readonly preview: Locator;
  /** The dialog's main button: a plain removal or untag, never a forced one. */
  readonly confirm: Locator;
  /** The forced removal, shown only once "Remove anyway" is ticked. */
  readonly forceRemove: Locator;
  readonly cancel: Locator;
  /** What the removal will do and free, said before anything is sent. */
  readonly outcome: Locator;
  /** The containers using the image, as links, and what forcing leaves behind. */
  readonly inUse: Locator;
  readonly conflict: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Remove image" });
    this.reference = this.root.getByLabel("Reference");
    this.force = this.root.getByLabel(/^Remove anyway \(-f\)/);
    this.noPrune = this.root.getByLabel(/--no-prune/);
    this.preview = this.root.getByTestId("cli-preview");
    this.confirm = this.root.getByRole("button", { name: /^(Remove|Untag)$/ });
    this.forceRemove = this.root.getByRole("button", { name: /^(Remove|Untag) anyway$/ });
    this.cancel = this.root.getByRole("button", { name: "Cancel" });
    this.outcome = this.root.getByTestId("remove-outcome");
    this.inUse = this.root.getByTestId("image-in-use");
    this.conflict = this.root.getByTestId("remove-conflict");
  }
}

import type { Locator, Page } from "@playwright/test";
import { RemoveDialog, TagDialog } from "./images-page";

export class ImageDetailPage {
  readonly title: Locator;
  readonly historySteps: Locator;
  readonly layerStack: Locator;
  readonly layerBoxes: Locator;
  readonly writableLayer: Locator;
  readonly sharing: Locator;
  readonly config: Locator;
  readonly startCommand: Locator;
  readonly containerRows: Locator;
  readonly notFound: Locator;
  readonly tagDialog: TagDialog;
  readonly removeDialog: RemoveDialog;

  constructor(readonly page: Page) {
    this.title = page.getByTestId("image-title");
    this.historySteps = page.getByTestId("history-step");
    this.layerStack = page.getByTestId("layer-stack");
    this.layerBoxes = page.getByTestId("layer-box");
    this.writableLayer = page.getByTestId("writable-layer");
    this.sharing = page.getByTestId("layer-sharing");
    this.config = page.getByTestId("image-config");
    this.startCommand = page.getByTestId("start-command");
    this.containerRows = page.getByTestId("container-row");
    this.notFound = page.getByTestId("image-not-found");
    this.tagDialog = new TagDialog(page);
    this.removeDialog = new RemoveDialog(page);
  }

  /** Opens /images/{ref} with the reference encoded as one path segment, as the app links it. */
  async goto(ref: string): Promise<void> {
    await this.page.goto(`/images/${encodeURIComponent(ref)}`);
  }

  /** The history row whose instruction contains this text. */
  step(instruction: string): Locator {
    return this.historySteps.filter({ hasText: instruction });
  }

  layerBox(index: number): Locator {
    return this.page.locator(`[data-testid="layer-box"][data-layer-index="${index}"]`);
  }

  sharingLayer(index: number): Locator {
    return this.sharing.locator(`[data-testid="sharing-layer"][data-layer-index="${index}"]`);
  }

  async openRemove(): Promise<RemoveDialog> {
    await this.page.getByRole("button", { name: "Remove", exact: true }).click();
    await this.removeDialog.root.waitFor();
    return this.removeDialog;
  }
}

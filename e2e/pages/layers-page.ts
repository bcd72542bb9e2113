import type { Locator, Page } from "@playwright/test";

/** The layer explorer on an image's page (app/(dashboard)/images/_components/layer-explorer.tsx). */
export class LayerExplorerPage {
  readonly explorer: Locator;
  readonly progress: Locator;
  readonly efficiency: Locator;
  readonly score: Locator;
  readonly sentence: Locator;
  readonly wastedBytes: Locator;
  readonly advice: Locator;
  readonly layers: Locator;
  readonly wasteRows: Locator;
  readonly fileTree: Locator;
  readonly tree: Locator;
  readonly treeRows: Locator;
  readonly treeFilter: Locator;
  readonly treeSort: Locator;
  readonly viewer: Locator;
  readonly viewerContent: Locator;
  readonly viewerNoPreview: Locator;
  readonly download: Locator;
  /** "Compare layer N with…" under the layer list. */
  readonly layerCompare: Locator;

  constructor(readonly page: Page) {
    this.explorer = page.getByTestId("layer-explorer");
    this.progress = page.getByTestId("analysis-progress");
    this.efficiency = page.getByTestId("efficiency");
    this.score = page.getByTestId("efficiency-score");
    this.sentence = page.getByTestId("efficiency-sentence");
    this.wastedBytes = page.getByTestId("wasted-bytes");
    this.advice = page.getByTestId("advice");
    this.layers = page.getByTestId("explorer-layer");
    this.wasteRows = page.getByTestId("waste-row");
    this.fileTree = page.getByTestId("file-tree");
    this.tree = page.getByRole("tree");
    this.treeRows = page.getByTestId("tree-row");
    this.treeFilter = page.getByTestId("tree-filter");
    this.treeSort = page.getByTestId("tree-sort");
    this.viewer = page.getByTestId("file-viewer");
    this.viewerContent = page.getByTestId("file-content");
    this.viewerNoPreview = page.getByTestId("file-no-preview");
    this.download = page.getByTestId("file-download");
    this.layerCompare = page.getByTestId("layer-compare");
  }

  /** Opens /images/{ref} and waits for the analysis (the first one reads the image through docker save). */
  async goto(ref: string): Promise<void> {
    await this.page.goto(`/images/${encodeURIComponent(ref)}`);
    await this.efficiency.waitFor({ timeout: 45_000 });
  }

  /** The efficiency score as a fraction (the page shows "4%", "<1%", ">99%"). */
  async efficiencyFraction(): Promise<number> {
    const text = (await this.score.textContent()) ?? "";
    const value = Number(/[\d.]+/.exec(text)?.[0] ?? NaN);
    return text.startsWith("<") ? value / 100 - 0.001 : value / 100;
  }

  layer(index: number): Locator {
    return this.page.locator(`[data-testid="explorer-layer"][data-layer-index="${index}"]`);
  }

  /** Shows the files of a layer (the layer list's button). */
  async chooseLayer(index: number): Promise<void> {
    await this.layer(index).getByRole("button").click();
    await this.page.locator(`[data-testid="file-tree"][data-layer="${index}"]`).waitFor();
  }

  async showView(view: "This layer's changes" | "What a container sees"): Promise<void> {
    await this.fileTree.getByRole("button", { name: view }).click();
  }

  wasteRow(path: string): Locator {
    return this.page.locator(`[data-testid="waste-row"][data-path="${path}"]`);
  }

  treeRow(path: string): Locator {
    return this.page.locator(`[data-testid="tree-row"][data-path="${path}"]`);
  }

  /** The row the keyboard is on (the tree's aria-activedescendant). */
  activeRow(): Locator {
    return this.tree.locator('[role="treeitem"][aria-selected="true"]');
  }

  async closeViewer(): Promise<void> {
    await this.page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    await this.viewer.waitFor({ state: "detached" });
  }
}

/** The compare page (/images/compare). */
export class ComparePage {
  readonly summary: Locator;
  readonly rows: Locator;
  readonly first: Locator;
  readonly second: Locator;
  readonly firstLayer: Locator;
  readonly secondLayer: Locator;

  constructor(readonly page: Page) {
    this.summary = page.getByTestId("compare-summary");
    this.rows = page.getByTestId("compare-row");
    this.first = page.getByLabel("First image (before)");
    this.second = page.getByLabel("Second image (after)");
    this.firstLayer = page.getByLabel("At layer (before)");
    this.secondLayer = page.getByLabel("At layer (after)");
  }

  async goto(a = "", b = ""): Promise<void> {
    const params = new URLSearchParams();
    if (a) params.set("a", a);
    if (b) params.set("b", b);
    await this.page.goto(`/images/compare${params.size ? `?${params.toString()}` : ""}`);
  }

  row(kind: "added" | "removed" | "changed", path: string): Locator {
    return this.page.locator(`[data-testid="compare-row"][data-kind="${kind}"][data-path="${path}"]`);
  }

  /** Which image and layer a side of the comparison is ("a": before, "b": after). */
  side(which: "a" | "b"): Locator {
    return this.page.getByTestId(`compare-side-${which}`);
  }

  total(kind: "added" | "removed" | "changed"): Locator {
    return this.page.getByTestId(`compare-${kind}-total`);
  }
}

import type { Locator, Page } from "@playwright/test";

/** One step of the build on the page: its instruction, cache badge, output and image links. */
export class BuildStepRow {
  readonly instruction: Locator;
  readonly output: Locator;
  readonly imageLink: Locator;
  readonly launch: Locator;
  readonly duration: Locator;
  readonly missReason: Locator;

  constructor(readonly root: Locator) {
    this.instruction = root.getByTestId("step-instruction");
    this.output = root.getByTestId("step-output");
    this.imageLink = root.getByTestId("step-image-link");
    this.launch = root.getByTestId("step-launch");
    this.duration = root.getByTestId("step-duration");
    this.missReason = root.getByTestId("step-miss-reason");
  }
}

/** `/builds`: the context (editor, archive, folder), the options with their docker line, and the run. */
export class BuildsPage {
  readonly form: Locator;
  readonly editor: Locator;
  readonly lintMarkers: Locator;
  readonly lintRanges: Locator;
  readonly findings: Locator;
  readonly findingIds: Locator;
  readonly tags: Locator;
  readonly buildArgs: Locator;
  readonly target: Locator;
  readonly memory: Locator;
  readonly noCache: Locator;
  readonly cliLine: Locator;
  readonly submit: Locator;
  readonly folderInput: Locator;
  readonly archiveInput: Locator;
  readonly folderSummary: Locator;
  readonly run: Locator;
  readonly steps: Locator;
  readonly cancel: Locator;
  readonly summary: Locator;
  readonly cacheHits: Locator;
  readonly builtImage: Locator;
  readonly stepTimes: Locator;
  readonly error: Locator;
  readonly lastGoodImage: Locator;
  readonly cancelled: Locator;
  readonly history: Locator;
  readonly detail: Locator;
  readonly rebuild: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Build an image" });
    this.editor = page.getByTestId("dockerfile-editor");
    this.lintMarkers = page.locator(".cm-gutter-lint .cm-lint-marker");
    this.lintRanges = page.locator(".cm-content .cm-lintRange");
    this.findings = page.getByTestId("lint-finding");
    this.findingIds = page.getByTestId("lint-finding-id");
    this.tags = this.form.getByLabel("Tags", { exact: true });
    this.buildArgs = this.form.getByLabel("Build args", { exact: true });
    this.target = this.form.getByLabel("Target stage", { exact: true });
    this.memory = this.form.getByLabel("Memory", { exact: true });
    this.noCache = this.form.getByLabel("No cache");
    this.cliLine = page.getByTestId("cli-preview");
    this.submit = page.getByTestId("build-submit");
    this.folderInput = page.getByTestId("folder-input");
    this.archiveInput = this.form.getByLabel("Context archive");
    this.folderSummary = page.getByTestId("folder-summary");
    this.run = page.getByTestId("build-run");
    this.steps = page.getByTestId("build-step");
    this.cancel = page.getByTestId("build-cancel");
    this.summary = page.getByTestId("build-summary");
    this.cacheHits = page.getByTestId("build-cache-hits");
    this.builtImage = page.getByTestId("build-image").getByTestId("step-image-link");
    this.stepTimes = page.getByTestId("step-time-bar");
    this.error = page.getByTestId("build-error");
    this.lastGoodImage = page.getByTestId("last-good-image");
    this.cancelled = page.getByTestId("build-cancelled");
    this.history = page.getByTestId("build-history");
    this.detail = page.getByTestId("build-detail");
    this.rebuild = page.getByTestId("build-rebuild");
  }

  async goto(): Promise<void> {
    await this.page.goto("/builds");
    await this.editor.waitFor();
  }

  /** Picks where the context comes from: the typed Dockerfile, an archive or a folder. */
  async source(name: "Dockerfile" | "Archive" | "Folder" | "URL"): Promise<void> {
    await this.page.getByRole("radiogroup", { name: "Build context" }).getByRole("radio", { name }).click();
  }

  /** Replaces the editor's text (select all, then type, as a person would). */
  async typeDockerfile(text: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press("ControlOrMeta+a");
    await this.page.keyboard.press("Delete");
    // CodeMirror keeps the indentation of the line above on Enter; the Dockerfiles here have none.
    await this.page.keyboard.insertText(text);
  }

  step(index: number): BuildStepRow {
    return new BuildStepRow(this.page.locator(`[data-testid="build-step"][data-index="${index}"]`));
  }

  /** The history's rows of builds tagged `tag`, newest first. */
  historyRows(tag: string): Locator {
    return this.history.getByTestId("build-history-row").filter({ has: this.page.getByRole("link", { name: tag }) });
  }

  stepAt(position: number): BuildStepRow {
    return new BuildStepRow(this.steps.nth(position));
  }
}

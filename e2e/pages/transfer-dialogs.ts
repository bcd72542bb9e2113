import type { Locator, Page } from "@playwright/test";

/** The Pull dialog (Images toolbar, and Pull on a registry's tag). */
export class PullDialog {
  readonly root: Locator;
  readonly reference: Locator;
  readonly preview: Locator;
  readonly registryAuth: Locator;
  readonly submit: Locator;
  readonly layerRows: Locator;
  readonly layerStatuses: Locator;
  readonly messages: Locator;
  readonly result: Locator;
  readonly digest: Locator;
  readonly imageLink: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Pull image" });
    this.reference = this.root.getByLabel("Image reference");
    this.preview = this.root.getByTestId("cli-preview");
    this.registryAuth = this.root.getByTestId("registry-auth");
    this.submit = this.root.getByRole("button", { name: /^(Pull|Pull again|Pulling…)$/ });
    this.layerRows = this.root.getByTestId("layer-progress-row");
    this.layerStatuses = this.root.getByTestId("layer-status");
    this.messages = this.root.getByTestId("operation-messages");
    this.result = this.root.getByTestId("pull-result");
    this.digest = this.root.getByTestId("pull-digest");
    this.imageLink = this.root.getByTestId("pulled-image-link");
    this.error = this.root.getByTestId("pull-error");
  }
}

/** The Push dialog of an image's detail page. */
export class PushDialog {
  readonly root: Locator;
  readonly reference: Locator;
  readonly preview: Locator;
  readonly registryAuth: Locator;
  readonly submit: Locator;
  readonly layerRows: Locator;
  readonly layerStatuses: Locator;
  readonly result: Locator;
  readonly digest: Locator;
  readonly bytes: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Push image" });
    this.reference = this.root.getByLabel("Tag to push");
    this.preview = this.root.getByTestId("cli-preview");
    this.registryAuth = this.root.getByTestId("registry-auth");
    this.submit = this.root.getByRole("button", { name: /^(Push|Push again|Pushing…)$/ });
    this.layerRows = this.root.getByTestId("layer-progress-row");
    this.layerStatuses = this.root.getByTestId("layer-status");
    this.result = this.root.getByTestId("push-result");
    this.digest = this.root.getByTestId("push-digest");
    this.bytes = this.root.getByTestId("push-bytes");
    this.error = this.root.getByTestId("push-error");
  }
}

/** The Import dialog of the Images toolbar. */
export class ImportDialog {
  readonly root: Locator;
  readonly file: Locator;
  readonly repository: Locator;
  readonly tag: Locator;
  readonly message: Locator;
  readonly changes: Locator;
  readonly preview: Locator;
  readonly submit: Locator;
  readonly upload: Locator;
  readonly uploadBytes: Locator;
  readonly result: Locator;
  readonly imageLink: Locator;
  readonly imageId: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Import image" });
    this.file = this.root.locator('input[type="file"]');
    this.repository = this.root.getByLabel("Repository");
    this.tag = this.root.getByLabel("Tag", { exact: true });
    this.message = this.root.getByLabel("Message");
    this.changes = this.root.getByLabel("Changes");
    this.preview = this.root.getByTestId("cli-preview");
    this.submit = this.root.getByRole("button", { name: /^(Import|Importing…)$/ });
    this.upload = this.root.getByTestId("upload-progress");
    this.uploadBytes = this.root.getByTestId("upload-bytes");
    this.result = this.root.getByTestId("import-result");
    this.imageLink = this.root.getByTestId("imported-image-link");
    this.imageId = this.root.getByTestId("imported-image-id");
    this.error = this.root.getByTestId("import-error");
  }
}

/** The Load dialog of the Images toolbar. */
export class LoadDialog {
  readonly root: Locator;
  readonly file: Locator;
  readonly preview: Locator;
  readonly submit: Locator;
  readonly uploadBytes: Locator;
  readonly result: Locator;
  readonly loadedLinks: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Load images" });
    this.file = this.root.locator('input[type="file"]');
    this.preview = this.root.getByTestId("cli-preview");
    this.submit = this.root.getByRole("button", { name: /^(Load|Loading…)$/ });
    this.uploadBytes = this.root.getByTestId("upload-bytes");
    this.result = this.root.getByTestId("load-result");
    this.loadedLinks = this.root.getByTestId("loaded-image-link");
    this.error = this.root.getByTestId("load-error");
  }
}

/** The Commit dialog of a container row. */
export class CommitDialog {
  readonly root: Locator;
  readonly repository: Locator;
  readonly tag: Locator;
  readonly message: Locator;
  readonly author: Locator;
  readonly changes: Locator;
  readonly pause: Locator;
  readonly preview: Locator;
  readonly submit: Locator;
  readonly result: Locator;
  readonly imageLink: Locator;
  readonly imageId: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog", { name: "Commit container" });
    this.repository = this.root.getByLabel("Repository");
    this.tag = this.root.getByLabel("Tag", { exact: true });
    this.message = this.root.getByLabel("Message");
    this.author = this.root.getByLabel("Author");
    this.changes = this.root.getByLabel("Changes");
    this.pause = this.root.getByLabel(/^Pause the container/);
    this.preview = this.root.getByTestId("cli-preview");
    this.submit = this.root.getByRole("button", { name: /^(Commit|Commit again|Committing…)$/ });
    this.result = this.root.getByTestId("commit-result");
    this.imageLink = this.root.getByTestId("committed-image-link");
    this.imageId = this.root.getByTestId("committed-image-id");
    this.error = this.root.getByTestId("commit-error");
  }
}

/** Save (image) and Export (container): a CLI line and a download link. */
export class DownloadDialog {
  readonly root: Locator;
  readonly reference: Locator;
  readonly preview: Locator;
  readonly link: Locator;

  constructor(page: Page, title: "Save image" | "Export container") {
    this.root = page.getByRole("dialog", { name: title });
    this.reference = this.root.getByLabel("Reference");
    this.preview = this.root.getByTestId("cli-preview");
    this.link = this.root.getByTestId("download-link");
  }
}

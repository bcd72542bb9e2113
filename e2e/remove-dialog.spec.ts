import { execFileSync } from "node:child_process";
import type { APIRequestContext, Page } from "@playwright/test";
import { formatBytes } from "@/lib/format/bytes";
import { dashboardApi, dockerCli, expect, test } from "./fixtures";
import { ImageDetailPage } from "./pages/image-detail-page";
import type { RemoveDialog } from "./pages/images-page";

// The remove dialog says what `docker rmi` will do before anything is sent: the
// containers in the way, what forcing leaves behind, and what is really freed.

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

/** A throwaway image with a layer of its own (`bytes` of zeros), built on the private engine. */
function buildImage(tag: string, bytes: number): void {
  execFileSync(process.env.DOCKER_CLI ?? "docker", ["build", "-q", "-t", tag, "-"], {
    input: `FROM local/busybox:1\nRUN head -c ${bytes} /dev/zero > /payload && echo ${tag} > /tag\n`,
    env: process.env,
    stdio: ["pipe", "pipe", "pipe"],
    timeout: 60_000,
  });
}

async function uniqueSize(request: APIRequestContext, reference: string): Promise<number> {
  const images = (await (await request.get("/api/images")).json()) as { images: { repoTags: string[]; uniqueSize: number }[] };
  const image = images.images.find((candidate) => candidate.repoTags.includes(reference));
  expect(image, `${reference} is listed`).toBeTruthy();
  return image!.uniqueSize;
}

/** Opens the remove dialog from the image's own page, which every width shows the same way. */
async function openRemove(page: Page, reference: string): Promise<RemoveDialog> {
  const detail = new ImageDetailPage(page);
  await detail.goto(reference);
  await expect(detail.title).toBeVisible();
  return detail.openRemove();
}

/** The dialog fits the screen: nothing in it makes the page scroll sideways. */
async function expectFits(page: Page, dialog: RemoveDialog): Promise<void> {
  const box = await dialog.root.boundingBox();
  expect(box).toBeTruthy();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width + 1);
}

for (const viewport of VIEWPORTS) {
  test.describe(`remove dialog at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("an image a stopped container uses: the dialog names it before any click, and force is a deliberate second step", async ({
      page,
      request,
      runId,
    }) => {
      const reference = `${runId}/in-use-${viewport.width}:1`;
      const containerName = `${runId}-user-${viewport.width}`;
      buildImage(reference, 100_000);
      const containerId = dockerCli.createContainer(containerName, reference);
      try {
        const dialog = await openRemove(page, reference);

        // Said up front: the container, as a link to its page, and that nothing is freed.
        await expect(dialog.inUse).toBeVisible();
        const link = dialog.inUse.getByRole("link", { name: containerName });
        await expect(link).toHaveAttribute("href", `/containers/${containerId}`);
        await expect(dialog.inUse.getByRole("listitem").filter({ hasText: containerName })).toContainText("created");
        await expect(dialog.inUse).toContainText("layers stay on disk");
        await expect(dialog.inUse).toContainText("nothing is freed until that container is removed");
        await expect(dialog.outcome).toContainText("Frees nothing");
        await expect(dialog.conflict).toHaveCount(0);
        await expectFits(page, dialog);

        // No plain Remove that would only be refused, and no force until it is asked for.
        await expect(dialog.confirm).toHaveCount(0);
        await expect(dialog.forceRemove).toHaveCount(0);
        await expect(dialog.preview).toHaveText(`docker rmi ${reference}`);
        await dialog.force.check();
        await expect(dialog.preview).toHaveText(`docker rmi -f ${reference}`);
        await expect(dialog.forceRemove).toHaveText("Remove anyway");
        // Not styled as the dialog's main (danger) action.
        await expect(dialog.forceRemove).not.toHaveClass(/bg-red-600/);
        await dialog.forceRemove.click();

        await expect(dialog.root).toBeHidden();
        await expect(page.getByRole("status").filter({ hasText: `Removed ${reference}` })).toBeVisible();
        expect((await dashboardApi.images(request)).some((image) => image.repoTags.includes(reference))).toBe(false);
        // The container is untouched: it still holds the layers.
        expect(dockerCli.run(["inspect", "--format", "{{.State.Status}}", containerName])).toBe("created");
      } finally {
        dockerCli.removeContainer(containerName);
        await dashboardApi.remove(request, reference);
      }
    });

    test("an image nothing uses: the dialog says what it frees, then removes it", async ({ page, request, runId }) => {
      const reference = `${runId}/free-${viewport.width}:1`;
      buildImage(reference, 3_000_000);
      try {
        const frees = await uniqueSize(request, reference);
        expect(frees).toBeGreaterThan(3_000_000);
        const dialog = await openRemove(page, reference);

        await expect(dialog.outcome).toContainText(`freeing about ${formatBytes(frees)}`);
        await expect(dialog.inUse).toHaveCount(0);
        await expect(dialog.force).toHaveCount(0);
        await expectFits(page, dialog);
        await expect(dialog.confirm).toHaveText("Remove");
        await dialog.confirm.click();

        await expect(dialog.root).toBeHidden();
        await expect(page.getByRole("status").filter({ hasText: `Removed ${reference}` })).toBeVisible();
        expect((await dashboardApi.images(request)).some((image) => image.repoTags.includes(reference))).toBe(false);
      } finally {
        await dashboardApi.remove(request, reference);
      }
    });

    test("one tag of several: only that tag goes and nothing is freed", async ({ page, request, runId }) => {
      const reference = `${runId}/untag-${viewport.width}:1`;
      await dashboardApi.tag(request, "seed/web:1", `${runId}/untag-${viewport.width}`, "1");
      try {
        const dialog = await openRemove(page, reference);
        await expect(dialog.outcome).toContainText(`Removes only the tag ${reference}`);
        await expect(dialog.outcome).toContainText("seed/web:1");
        await expect(dialog.outcome).toContainText("Frees nothing");
        await expect(dialog.force).toHaveCount(0);
        await expectFits(page, dialog);
        await dialog.confirm.click();

        await expect(dialog.root).toBeHidden();
        await expect(page.getByRole("status").filter({ hasText: `Untagged ${reference}` })).toBeVisible();
        const images = await dashboardApi.images(request);
        expect(images.some((image) => image.repoTags.includes(reference))).toBe(false);
        expect(images.some((image) => image.repoTags.includes("seed/web:1"))).toBe(true);
      } finally {
        await dashboardApi.remove(request, reference);
      }
    });
  });
}

test.describe("remove dialog, engine cases", () => {
  test("a running container: forcing by tag only untags, by ID it is not offered", async ({ page, request, runId }) => {
    const reference = `${runId}/running:1`;
    const containerName = `${runId}-running`;
    buildImage(reference, 10_000);
    dockerCli.run(["run", "-d", "--network", "none", "--name", containerName, reference, "sleep", "300"]);
    try {
      const dialog = await openRemove(page, reference);
      await expect(dialog.inUse.getByRole("link", { name: containerName })).toBeVisible();
      await expect(dialog.inUse).toContainText("only removes the tag while a container runs");
      await dialog.force.check();
      await expect(dialog.forceRemove).toHaveText("Untag anyway");

      await dialog.reference.selectOption((await dashboardApi.imageId(request, reference)).slice(7, 19));
      await expect(dialog.inUse).toContainText("not even with -f");
      await expect(dialog.force).toHaveCount(0);
      await expect(dialog.forceRemove).toHaveCount(0);
      await expect(dialog.confirm).toHaveCount(0);
    } finally {
      dockerCli.removeContainer(containerName);
      await dashboardApi.remove(request, reference);
    }
  });

  test("when the engine still refuses, the dialog says why in words and keeps its text aside", async ({ page, request, runId }) => {
    // An image another one was built FROM: by ID the engine refuses it ("image has dependent child
    // images"), which nothing the dialog knows beforehand predicts.
    const parent = `${runId}/parent:1`;
    const child = `${runId}/child:1`;
    buildImage(parent, 10_000);
    execFileSync(process.env.DOCKER_CLI ?? "docker", ["build", "-q", "-t", child, "-"], {
      input: `FROM ${parent}\nRUN echo child > /child\n`,
      env: process.env,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: 60_000,
    });
    try {
      const shortId = (await dashboardApi.imageId(request, parent)).slice(7, 19);
      const dialog = await openRemove(page, parent);
      await dialog.reference.selectOption(shortId);
      await expect(dialog.preview).toHaveText(`docker rmi ${shortId}`);
      await dialog.confirm.click();

      await expect(dialog.conflict).toBeVisible();
      await expect(dialog.conflict).toContainText("Other images were built on top of this one");
      // The engine's wording is there for whoever wants it, folded away.
      const engineWords = dialog.conflict.locator("details p");
      await expect(engineWords).toBeHidden();
      await dialog.conflict.getByText("The engine's own words").click();
      await expect(engineWords).toContainText("dependent child images");
      await dialog.cancel.click();
      expect((await dashboardApi.images(request)).some((image) => image.repoTags.includes(parent))).toBe(true);
    } finally {
      await dashboardApi.remove(request, child);
      await dashboardApi.remove(request, parent);
    }
  });

  test("the demo set has a dangling image for the Dangling filter to show", async ({ request }) => {
    const dangling = (await dashboardApi.images(request)).filter((image) => image.dangling);
    expect(dangling.length, "scripts/lib/sandbox.sh builds seed/app:1 twice, leaving the first build dangling").toBeGreaterThan(0);
    const response = await request.get("/api/images?filter=dangling");
    const { totals } = (await response.json()) as { totals: { danglingCount: number; danglingSize: number } };
    expect(totals.danglingCount).toBeGreaterThan(0);
    expect(totals.danglingSize).toBeGreaterThan(4_000_000);
  });
});

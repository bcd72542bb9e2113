import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { dashboardApi, dockerCli, expect, test } from "./fixtures";
import { ImageDetailPage } from "./pages/image-detail-page";
import { ComparePage, LayerExplorerPage } from "./pages/layers-page";

// The layer explorer on the seed images the harness builds (scripts/lib/sandbox.sh):
// seed/fat:1 is the articles' example, `RUN dd … of=/data/big.bin bs=1M count=50` then
// `RUN rm /data/big.bin`: layer 2 stores 50 MiB that layer 3 deletes, so no container sees them.
const FIFTY_MIB = 50 * 1024 * 1024;

const VIEWPORTS = [
  { name: "desktop", width: 1440, height: 1000 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * The page's content fits the screen: nothing in `main` is wider than it (the header is the
 * layout's, measured by its own tests).
 */
async function mainScrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => {
    const main = document.querySelector("main")!;
    return Math.max(main.scrollWidth, Math.round(main.getBoundingClientRect().right));
  });
}

/** The explorer fits the screen: nothing in it makes the page scroll sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const box = await page.getByTestId("layer-explorer").boundingBox();
  expect(box).toBeTruthy();
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width + 1);
}

for (const viewport of VIEWPORTS) {
  test.describe(`layer explorer at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("seed/fat:1 wastes 50 MiB: written by the dd step's layer, hidden by the rm step's layer", async ({ page }) => {
      const explorer = new LayerExplorerPage(page);
      await explorer.goto("seed/fat:1");
      await expectNoSidewaysScroll(page);

      // Efficiency under 5 %, with what it means in one sentence.
      expect(await explorer.efficiencyFraction()).toBeLessThan(0.05);
      await expect(explorer.sentence).toContainText("52.4 MB are file versions a later layer deleted or overwrote");
      await expect(explorer.wastedBytes).toContainText("52.4 MB");

      // The waste list, biggest first: the one 50 MiB file, counted once.
      await expect(explorer.wasteRows).toHaveCount(1);
      const waste = explorer.wasteRow("/data/big.bin");
      await expect(waste).toHaveAttribute("data-bytes", String(FIFTY_MIB));
      await expect(waste).toHaveAttribute("data-written-by", "2");
      await expect(waste).toHaveAttribute("data-hidden-by", "3");
      await expect(waste).toContainText("52.4 MB");
      await expect(waste).toContainText("deleted");
      await expect(waste).toContainText("RUN dd if=/dev/zero of=/data/big.bin");
      await expect(waste).toContainText("RUN rm /data/big.bin");

      // The layer list marks it on both layers, beside their steps.
      await expect(explorer.layers).toHaveCount(4);
      await expect(explorer.layer(2)).toContainText("RUN dd if=/dev/zero of=/data/big.bin");
      await expect(explorer.layer(2).getByTestId("layer-wasted")).toHaveText("52.4 MB wasted");
      await expect(explorer.layer(2).getByTestId("layer-waste-bar")).toBeVisible();
      await expect(explorer.layer(3).getByTestId("layer-hides")).toHaveText("hides 52.4 MB");
      await expect(explorer.layer(0)).toContainText("base image");

      // Choosing the writer in the waste list shows the file in that layer's tree, marked.
      await waste.getByRole("button", { name: /RUN dd/ }).click();
      await expect(explorer.fileTree).toHaveAttribute("data-layer", "2");
      const written = explorer.treeRow("/data/big.bin");
      await expect(written).toBeVisible();
      await expect(written).toHaveAttribute("data-change", "added");
      await expect(written.getByTestId("waste-mark")).toContainText("hidden by L3");
      await expect(written).toHaveAttribute("aria-selected", "true");

      // And the hider: the deletion (a whiteout) in layer 3.
      await waste.getByRole("button", { name: /RUN rm/ }).click();
      await expect(explorer.fileTree).toHaveAttribute("data-layer", "3");
      await expect(explorer.treeRow("/data/big.bin")).toHaveAttribute("data-change", "deleted");
      await expect(explorer.treeRow("/data/big.bin").getByTestId("hides-mark")).toContainText("hides L2");
    });

    test("the advice names the fix and links to its steps in the history", async ({ page }) => {
      const explorer = new LayerExplorerPage(page);
      await explorer.goto("seed/fat:1");
      const advice = explorer.advice.filter({ hasText: "/data/big.bin" }).first();
      await expect(advice).toHaveAttribute("data-rule", "delete-in-same-step");
      await expect(advice).toContainText("Deleted in a later step");
      await expect(advice).toContainText("Do both in one RUN");
      await expect(advice).toContainText("saves 52.4 MB");

      await advice.getByRole("link", { name: "step 4" }).click();
      await expect(page).toHaveURL(/#step-3$/);
      const step = page.locator("#step-3");
      await expect(step).toContainText("RUN rm /data/big.bin");
      await expect(step).toBeInViewport();

      // Its layer chips open the layer's files.
      await advice.getByRole("button", { name: "Show the files of layer 2" }).click();
      await expect(explorer.fileTree).toHaveAttribute("data-layer", "2");
    });

    test("the tree: keyboard, union view, filters, and a file's content and download", async ({ page }) => {
      const explorer = new LayerExplorerPage(page);
      await explorer.goto("seed/fat:1");
      await explorer.chooseLayer(0);
      await expect(explorer.treeRow("/etc")).toBeVisible();

      // ↓ to /etc, Enter opens it, ↓ ↓ to passwd, Enter views it.
      await explorer.tree.focus();
      await explorer.tree.press("Home");
      for (let step = 0; step < 20 && (await explorer.activeRow().getAttribute("data-path")) !== "/etc"; step += 1) {
        await explorer.tree.press("ArrowDown");
      }
      await expect(explorer.activeRow()).toHaveAttribute("data-path", "/etc");
      await explorer.tree.press("Enter");
      await expect(explorer.treeRow("/etc")).toHaveAttribute("aria-expanded", "true");
      // The directory's entries load after it opens; ↓ before they arrive would go to its sibling.
      await expect(explorer.treeRow("/etc/group")).toBeVisible();
      await explorer.tree.press("ArrowDown");
      await expect(explorer.activeRow()).toHaveAttribute("data-path", "/etc/group");
      await explorer.tree.press("ArrowDown");
      await expect(explorer.activeRow()).toHaveAttribute("data-path", "/etc/passwd");
      await explorer.tree.press("Enter");
      await expect(explorer.viewerContent).toContainText("root:x:0:0:root:/root:/bin/sh");

      // The download is the file's bytes as layer 0 stores them.
      const href = await explorer.download.getAttribute("href");
      expect(href).toContain("/layers/0/file?path=%2Fetc%2Fpasswd");
      const file = await page.request.get(href!);
      expect(file.status()).toBe(200);
      expect(await file.text()).toBe("root:x:0:0:root:/root:/bin/sh\n");
      await explorer.closeViewer();

      // Backspace goes up a level: to /etc, closed. ← from a closed directory goes to its parent.
      await explorer.tree.focus();
      await explorer.tree.press("Backspace");
      await expect(explorer.activeRow()).toHaveAttribute("data-path", "/etc");
      await expect(explorer.treeRow("/etc")).toHaveAttribute("aria-expanded", "false");
      await expect(explorer.treeRow("/etc/passwd")).toHaveCount(0);
      await explorer.tree.press("ArrowRight");
      await expect(explorer.treeRow("/etc")).toHaveAttribute("aria-expanded", "true");
      await explorer.tree.press("ArrowLeft");
      await expect(explorer.treeRow("/etc")).toHaveAttribute("aria-expanded", "false");

      // What a container sees at the top layer: the base's files, /data, and the deletion marked.
      await explorer.chooseLayer(3);
      await explorer.showView("What a container sees");
      await expect(explorer.fileTree).toHaveAttribute("data-view", "union");
      await expect(explorer.treeRow("/bin")).toBeVisible();
      await explorer.treeRow("/data").click();
      await expect(explorer.treeRow("/data/big.bin")).toHaveAttribute("data-change", "deleted");

      // "Only changes" keeps what layer 3 touched; a path filter opens the directories on its way.
      await page.getByLabel("Only changes").check();
      await expect(explorer.treeRow("/bin")).toHaveCount(0);
      await expect(explorer.treeRow("/data/big.bin")).toBeVisible();
      await page.getByLabel("Only changes").uncheck();
      await explorer.treeFilter.fill("/etc/pa");
      await expect(explorer.treeRow("/etc/passwd")).toBeVisible();
      await expect(explorer.treeRow("/bin")).toHaveCount(0);

      // A file of a lower layer, viewed from the top: its bytes come from layer 0.
      await explorer.treeRow("/etc/passwd").click();
      await expect(explorer.viewerContent).toContainText("root:x:0:0");
      await expect(explorer.viewer.page().getByRole("dialog")).toContainText("bytes from");
      await explorer.closeViewer();

      // Sorted by size, busybox leads /bin; a big binary is offered as a download, not shown.
      await explorer.treeFilter.fill("");
      await explorer.treeSort.selectOption("size");
      await explorer.treeRow("/bin").click();
      await expect(explorer.treeRow("/bin/busybox")).toBeVisible();
      const paths = await explorer.treeRows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-path")));
      expect(paths[paths.indexOf("/bin") + 1]).toBe("/bin/busybox");
      await explorer.treeRow("/bin/busybox").click();
      await expect(explorer.viewerNoPreview).toBeVisible();
      await expect(explorer.download).toHaveAttribute("href", /\/layers\/0\/file\?path=%2Fbin%2Fbusybox$/);
      await explorer.closeViewer();

      // "Only waste" at the dd layer: just the wasted file (and the directory holding it).
      await explorer.chooseLayer(2);
      await explorer.showView("This layer's changes");
      await page.getByLabel("Only waste").check();
      await expect(explorer.treeRow("/data/big.bin").getByTestId("waste-mark")).toBeVisible();
      await expect(explorer.treeRows).toHaveCount(2);
      await expectNoSidewaysScroll(page);
    });

    test("compare two images picked on the images list", async ({ page, request, imagesPage }) => {
      const compare = new ComparePage(page);
      await imagesPage.goto();
      const web1 = await dashboardApi.imageId(request, "seed/web:1");
      const web2 = await dashboardApi.imageId(request, "seed/web:2");
      await imagesPage.row(web1).getByTestId("compare-pick").check();
      await expect(page.getByTestId("compare-bar")).toContainText("tick a second image");
      await imagesPage.row(web2).getByTestId("compare-pick").check();
      await page.getByTestId("compare-link").click();
      await expect(page).toHaveURL(/\/images\/compare\?a=.+&b=.+/);

      // The rebuild changed one file: /www/version, 3 B → 23 B; nothing added or removed.
      const version = compare.row("changed", "/www/version");
      await expect(version).toBeVisible({ timeout: 30_000 });
      await expect(version).toContainText("+20 B");
      if (viewport.width >= 640) {
        await expect(version).toContainText("3 B");
        await expect(version).toContainText("23 B");
      }
      await expect(compare.total("changed")).toContainText("1 file");
      await expect(compare.total("added")).toContainText("0 files");
      await expect(compare.total("removed")).toContainText("0 files");
      await expect(compare.rows).toHaveCount(1);

      // Swapping the two shows the same change the other way round.
      await page.getByRole("button", { name: "Swap the two sides" }).click();
      await expect(compare.row("changed", "/www/version")).toContainText("−20 B");
    });

    test("from a layer to the compare page: what its step changed, then other layers", async ({ page }) => {
      const explorer = new LayerExplorerPage(page);
      const compare = new ComparePage(page);
      await explorer.goto("seed/fat:1");
      // The layer list's compare bar offers the layer below by default: what the dd step wrote.
      await explorer.chooseLayer(2);
      await expect(explorer.layerCompare.getByRole("combobox")).toHaveValue("1");
      await explorer.layerCompare.getByRole("link", { name: "What this step changed" }).click();
      await expect(page).toHaveURL(/\/images\/compare\?a=seed%2Ffat%3A1&aLayer=1&b=seed%2Ffat%3A1&bLayer=2$/);
      await expect(compare.row("added", "/data/big.bin")).toBeVisible({ timeout: 30_000 });
      await expect(compare.row("added", "/data/big.bin")).toContainText("+52.4 MB");
      await expect(compare.rows).toHaveCount(1);
      // The page says which layers are compared, and lets them change.
      await expect(compare.side("a")).toHaveAttribute("data-layer", "1");
      await expect(compare.side("b")).toHaveAttribute("data-layer", "2");
      await expect(compare.side("b")).toContainText("at layer 2 of 4");
      await expect(compare.side("b")).toContainText("RUN dd if=/dev/zero of=/data/big.bin");
      await expect(compare.secondLayer).toHaveValue("2");

      // Layer 1 against the whole image: the file was deleted again, so nothing differs.
      await compare.secondLayer.selectOption("");
      await expect(compare.side("b")).toHaveAttribute("data-top", "true");
      await expect(page.getByTestId("compare-empty")).toBeVisible();
      await expect(page).toHaveURL(/aLayer=1&b=seed%2Ffat%3A1$/);
      // The base layer against the whole image: the build added /data.
      await compare.firstLayer.selectOption("0");
      await expect(compare.row("added", "/data")).toBeVisible();
      await expect(compare.side("a")).toContainText("at layer 0 of 4");
      // The same layer on both sides is no comparison.
      await compare.secondLayer.selectOption("0");
      await expect(page.getByTestId("compare-same")).toBeVisible();
      expect(await mainScrollWidth(page)).toBeLessThanOrEqual(viewport.width);
    });

    test("every layer table of the explorer fits without sideways scroll, long steps and paths included", async ({ page }) => {
      // Long instructions, a deep path and long file names: what pushes tables wide.
      const deep = `/opt/${"a-rather-long-directory-name/".repeat(4)}and-a-file-name-that-goes-on-and-on-${"x".repeat(60)}.bin`;
      const tag = `e2e-wide-${viewport.name}-${Date.now().toString(36)}:1`;
      execFileSync(process.env.DOCKER_CLI ?? "docker", ["build", "-q", "-t", tag, "-"], {
        input: [
          "FROM local/busybox:1",
          `RUN mkdir -p ${deep.slice(0, deep.lastIndexOf("/"))} && dd if=/dev/zero of=${deep} bs=1k count=300 && echo ${"one-very-long-argument ".repeat(12)}> /notes.txt`,
          `RUN rm ${deep} && echo ${"another-long-argument ".repeat(12)}>> /notes.txt`,
          "",
        ].join("\n"),
        env: process.env,
        timeout: 60_000,
      });
      const explorer = new LayerExplorerPage(page);
      await explorer.goto(tag);
      await expect(explorer.wasteRows).toHaveCount(2);
      // The writer of the deep file: the tree opens down to it, in the layer that wrote it.
      await explorer.wasteRow(deep).getByRole("button").first().click();
      await expect(explorer.treeRow(deep)).toBeVisible();
      await expect(explorer.layerCompare).toBeVisible();
      // Nothing inside the explorer is wider than the box it sits in (a clipped or scrolling table would be).
      const overflowing = await explorer.explorer.evaluate((root) =>
        [root, ...root.querySelectorAll<HTMLElement>("ol, ul, table, [role=tree], [role=list], section")]
          .filter((element) => element.scrollWidth > element.clientWidth + 1)
          .map(
            (element) =>
              `${element.tagName.toLowerCase()}[${element.getAttribute("data-testid") ?? element.getAttribute("aria-label") ?? ""}] ${element.scrollWidth}>${element.clientWidth}`,
          ),
      );
      expect(overflowing).toEqual([]);
      await expectNoSidewaysScroll(page);
      dockerCli.run(["rmi", tag]);
    });
  });
}

test("the compare page against the base image lists what the build added", async ({ page }) => {
  const compare = new ComparePage(page);
  await compare.goto("local/busybox:1", "seed/fat:1");
  // WORKDIR /data adds the directory; the 50 MiB file was deleted, so a container does not see it.
  await expect(compare.row("added", "/data")).toBeVisible({ timeout: 30_000 });
  await expect(compare.row("added", "/data/big.bin")).toHaveCount(0);
  await expect(compare.total("removed")).toContainText("0 files");
});

test("an image named compare has its page: links carry its tag, and /images/compare points to it", async ({ page, request }) => {
  // `docker build -t compare`: the name of the compare page. A new image, so no fixture's tags change.
  execFileSync(process.env.DOCKER_CLI ?? "docker", ["build", "-q", "-t", "compare", "-"], {
    input: "FROM local/busybox:1\nRUN echo compare > /compare-marker\n",
    env: process.env,
    timeout: 60_000,
  });
  try {
    const id = await dashboardApi.imageId(request, "compare:latest");
    // The API: the image by its tag (the bare name is the compare route's, which asks for a and b).
    const detail = await request.get(`/api/images/${encodeURIComponent("compare:latest")}`);
    expect(detail.status()).toBe(200);
    expect(((await detail.json()) as { summary: { id: string } }).summary.id).toBe(id);

    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      // Its page by tag, with the layer explorer.
      await page.goto(`/images/${encodeURIComponent("compare:latest")}`);
      await expect(page.getByTestId("image-title")).toHaveText("compare:latest");
      await expect(page.getByTestId("efficiency")).toBeVisible({ timeout: 45_000 });

      await expectNoSidewaysScroll(page);

      // /images/compare is the compare page, and it says where the image is.
      await page.goto("/images/compare");
      const pointer = page.getByTestId("compare-named-image");
      await expect(pointer).toContainText("compare:latest");
      await expect(pointer.getByRole("link")).toHaveText("/images/compare%3Alatest");
      expect(await mainScrollWidth(page)).toBeLessThanOrEqual(width);
      await pointer.getByRole("link").click();
      await expect(page.getByTestId("image-title")).toHaveText("compare:latest");
    }

    // From the images list, and from the compare page's image links.
    await page.goto("/images");
    await page.locator(`[data-testid="image-row"][data-image-id="${id}"]`).getByRole("link").first().click();
    await expect(page.getByTestId("image-title")).toHaveText("compare:latest");
    await page.goto(`/images/compare?a=compare%3Alatest&b=${encodeURIComponent("local/busybox:1")}`);
    await page.getByTestId("compare-side-a").getByRole("link").click();
    await expect(page).toHaveURL(/\/images\/compare%3Alatest$/);
    await expect(page.getByTestId("image-title")).toHaveText("compare:latest");
  } finally {
    dockerCli.run(["rmi", "compare:latest"]);
  }
});

test("a directory of 100,000 entries scrolls and moves by keyboard without delay (virtualised rows)", async ({ page }) => {
  // A synthetic analysis and listing stand in for an image that big: the point is the browser.
  const COUNT = 100_000;
  const entry = (index: number) => ({
    name: `file-${String(index).padStart(6, "0")}.txt`,
    path: `/many/file-${String(index).padStart(6, "0")}.txt`,
    type: "file",
    size: (index * 7919) % 100_000,
    mode: 0o644,
    uid: 0,
    gid: 0,
    linkTarget: null,
    change: "added",
  });
  const root = [{ name: "many", path: "/many", type: "dir", size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: null, change: "added" }];
  await page.route("**/api/images/*/analysis", async (route) => {
    const imageId = decodeURIComponent(new URL(route.request().url()).pathname.split("/")[3]!);
    const result = {
      imageId,
      efficiency: 1,
      wastedBytes: 0,
      userWastedBytes: 0,
      userWastedPercent: 0,
      totalBytes: 1,
      visibleBytes: 1,
      baseLayers: 1,
      baseImage: null,
      layers: [
        {
          index: 0,
          diffId: "sha256:0",
          size: 1,
          stepIndex: 0,
          instruction: "",
          createdBy: null,
          files: { added: COUNT + 1, changed: 0, deleted: 0 },
          wastedBytes: 0,
          hiddenBytes: 0,
          inBase: true,
          tarBytes: 1,
          entryCount: COUNT + 1,
        },
      ],
      waste: [],
      wasteCount: 0,
      advice: [],
      repoTags: [],
      analysedAt: new Date().toISOString(),
    };
    await route.fulfill({ contentType: "application/x-ndjson", body: `${JSON.stringify({ result })}\n` });
  });
  await page.route("**/api/images/*/layers/0/files?*", async (route) => {
    const url = new URL(route.request().url());
    const path = url.searchParams.get("path");
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 2000);
    const total = path === "/many" ? COUNT : root.length;
    const entries =
      path === "/many" ? Array.from({ length: Math.max(0, Math.min(limit, COUNT - offset)) }, (_, i) => entry(offset + i)) : root;
    const next = offset + entries.length < total ? offset + entries.length : null;
    await route.fulfill({ json: { path, view: "layer", layer: 0, entries, total, offset, nextOffset: next } });
  });

  const explorer = new LayerExplorerPage(page);
  await explorer.goto("seed/web:1");
  await explorer.treeRow("/many").click();
  await expect(page.getByTestId("tree-count")).toHaveText(`${(COUNT + 1).toLocaleString("en")} rows`);
  // Only the rows in view (and a few around them) exist in the page.
  expect(await explorer.treeRows.count()).toBeLessThan(80);

  await explorer.tree.scrollIntoViewIfNeeded();
  await explorer.tree.focus();
  await explorer.tree.press("End");
  await expect(explorer.activeRow()).toHaveAttribute("data-path", "/many/file-099999.txt");
  await expect(explorer.treeRow("/many/file-099999.txt")).toBeInViewport();
  await explorer.tree.press("PageUp");
  await explorer.tree.press("ArrowUp");
  await expect(explorer.activeRow()).toHaveAttribute("data-path", "/many/file-099986.txt");
  expect(await explorer.treeRows.count()).toBeLessThan(80);

  // A filter over the 100,000 loaded names answers as you type.
  await explorer.treeFilter.fill("file-04242");
  // /many and its ten matches, file-042420 … file-042429.
  await expect(page.getByTestId("tree-count")).toHaveText("11 rows");
});

test("while the first analysis runs: the engine's preparing phase, then bytes read layer by layer", async ({ page }) => {
  // The stream is held open at one progress line (fat:1 is analysed too fast to watch otherwise).
  const line = (phase: "preparing" | "reading") => ({
    type: "progress",
    phase,
    elapsedMs: 2400,
    preparingMs: phase === "preparing" ? null : 1700,
    bytesRead: phase === "preparing" ? 0 : 21_000_000,
    totalBytes: 54_412_972,
    layersDone: phase === "preparing" ? 0 : 3,
    layersTotal: 4,
    layer: phase === "preparing" ? null : { key: "a21ef402a580/layer.tar", bytesRead: 18_800_000, blobBytes: 52_430_848 },
    layersSkipped: 0,
  });
  for (const phase of ["preparing", "reading"] as const) {
    const context = await page
      .context()
      .browser()!
      .newContext({ storageState: await page.context().storageState() });
    const tab = await context.newPage();
    await tab.addInitScript(
      (text) => {
        const real = window.fetch.bind(window);
        window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
          const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
          if (!url.endsWith("/analysis")) return real(input, init);
          const body = new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode(`${text}\n`)) });
          return Promise.resolve(new Response(body, { headers: { "content-type": "application/x-ndjson" } }));
        };
      },
      JSON.stringify(line(phase)),
    );
    await tab.goto(`/images/${encodeURIComponent("seed/fat:1")}`);
    const progress = tab.getByTestId("analysis-progress");
    await expect(progress).toHaveAttribute("data-phase", phase);
    if (phase === "preparing") {
      await expect(progress).toContainText("The engine is preparing the archive");
      // No percentage while nothing can be measured.
      await expect(progress.getByRole("progressbar", { name: "Engine preparing the archive" })).not.toHaveAttribute("aria-valuenow", /.*/);
    } else {
      await expect(tab.getByTestId("analysis-bytes")).toHaveText("21 MB of 54.4 MB");
      await expect(progress).toContainText("Layers read: 3 of 4");
      await expect(progress).toContainText("the engine took 1.7 s to prepare it");
      await expect(progress.getByRole("progressbar", { name: "Bytes read of the image's size" })).toHaveAttribute("aria-valuenow", "39");
    }
    await expect(progress).toContainText("docker save seed/fat:1 | tar -t");
    await context.close();
  }
});

test.describe("the history under a running analysis", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("stays where it is when the explorer above it fills in (the link under the pointer does not move)", async ({ page }) => {
    // The analysis answer is held until the history is on screen (a stored analysis comes at once).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/images/*/analysis", async (route) => {
      await held;
      await route.continue();
    });
    const detail = new ImageDetailPage(page);
    await detail.goto("seed/web:2");
    const progress = page.getByTestId("analysis-progress");
    await expect(progress).toBeVisible();
    // The explorer's progress panel at the top of the screen, the history's steps below it.
    await progress.evaluate((element) => element.scrollIntoView({ block: "start" }));
    const launch = detail.step("v2-longer-version-file").getByRole("link", { name: /^Launch a container from step / });
    await expect(launch).toBeInViewport();
    const before = (await launch.boundingBox())!;

    release();
    await expect(page.getByRole("region", { name: "Efficiency" })).toBeAttached();
    await expect(page.getByTestId("layer-explorer")).not.toHaveAttribute("data-analysing");
    // Two frames for the browser to lay the result out and keep its anchor.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const after = (await launch.boundingBox())!;
    expect(Math.abs(after.y - before.y), `the Launch link moved from y=${before.y} to y=${after.y}`).toBeLessThanOrEqual(1);
    await expect(launch).toBeInViewport();
  });
});

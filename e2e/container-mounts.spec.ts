import type { Page } from "@playwright/test";
import { dockerCli, expect, test, uniqueName } from "./fixtures";

// The container page lists its mounts and links a volume to its page; the
// Resource use panel shows its `docker stats` line. seed/entry:1 (scripts/lib/sandbox.sh) declares
// `VOLUME ["/app/data"]`, so a container launched from it gets an anonymous volume there.

const VIEWPORTS = [
  { name: "desktop", width: 1440, height: 1000 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * The page's own parts fit the screen: nothing in them makes the page scroll sideways. (The site
 * header is measured by its own specs.)
 */
async function expectNoSidewaysScroll(page: Page, testIds: string[]): Promise<void> {
  for (const testId of testIds) {
    const box = await page.getByTestId(testId).first().boundingBox();
    expect(box, testId).toBeTruthy();
    expect(box!.x + box!.width, testId).toBeLessThanOrEqual(page.viewportSize()!.width + 1);
  }
}

for (const viewport of VIEWPORTS) {
  test.describe(`container mounts at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("an image's VOLUME is listed on the container page and links to its anonymous volume", async ({ page }) => {
      const container = uniqueName(`e2e-mounts-${viewport.name}`);
      // Runs its entrypoint once and exits; the engine made the volume when it created the container.
      dockerCli.run(["run", "-d", "--name", container, "--network", "none", "seed/entry:1"]);
      try {
        const volume = dockerCli.run(["inspect", "--format", "{{range .Mounts}}{{.Name}}{{end}}", container]);
        expect(volume).toMatch(/^[0-9a-f]{64}$/);

        await page.goto(`/containers/${container}`);
        const panel = page.getByTestId("container-mounts");
        await expect(panel).toContainText("Mounts (1)");
        const mount = panel.getByTestId("container-mount");
        await expect(mount).toHaveCount(1);
        await expect(mount).toHaveAttribute("data-destination", "/app/data");
        await expect(mount).toContainText("volume");
        await expect(mount).toContainText("read-write");
        const link = mount.getByRole("link", { name: `anonymous volume ${volume.slice(0, 12)}…` });
        await expect(link).toHaveAttribute("href", `/volumes/${volume}`);
        await expect(link).toHaveAttribute("title", volume);
        // The Resource use panel names the same container in its CLI line, running or not.
        await expect(page.getByTestId("cli-stats")).toHaveText(`docker stats --no-stream ${container}`);
        await expectNoSidewaysScroll(page, ["container-mounts", "container-mount", "container-stats", "cli-stats"]);

        // Follow the link: the volume's page names the whole volume and the container that uses it.
        await link.click();
        await expect(page).toHaveURL(new RegExp(`/volumes/${volume}$`));
        await expect(page.getByTestId("volume-title")).toHaveText(volume);
        await expect(page.getByText("anonymous", { exact: true })).toBeVisible();
        const users = page.getByTestId("volume-detail-users");
        await expect(users.getByRole("link", { name: container })).toHaveAttribute("href", `/containers/${container}`);
        await expect(users).toContainText("/app/data");
        await expectNoSidewaysScroll(page, ["volume-title", "volume-detail-users"]);
      } finally {
        dockerCli.removeContainer(container);
      }
    });

    test("a container without mounts says its writes go to the writable layer", async ({ page }) => {
      const container = uniqueName(`e2e-nomounts-${viewport.name}`);
      dockerCli.createContainer(container, "local/busybox:1");
      try {
        await page.goto(`/containers/${container}`);
        const panel = page.getByTestId("container-mounts");
        await expect(panel).toContainText("Mounts (0)");
        await expect(panel).toContainText("everything it writes goes to the writable layer");
        await expect(panel.getByTestId("container-mount")).toHaveCount(0);
      } finally {
        dockerCli.removeContainer(container);
      }
    });
  });
}

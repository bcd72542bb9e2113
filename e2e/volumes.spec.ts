import { dockerCli, expect, test, uniqueName } from "./fixtures";
import { expectFitsWidth, expectNotFoundPages, removeQuietly } from "./pages/engine-object-pages";

// The volumes page. seed/entry:1 (scripts/lib/sandbox.sh) declares `VOLUME /app/data`,
// so every container made from it gets an anonymous volume the engine names with 64 hex digits.

const VIEWPORTS = [
  { name: "desktop", width: 1440, height: 1000, list: "volumes-table", item: "volume-row" },
  { name: "phone", width: 390, height: 844, list: "volumes-cards", item: "volume-card" },
] as const;

for (const viewport of VIEWPORTS) {
  test.describe(`volumes at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("an image's VOLUME shows as an anonymous volume with its container; create and remove with the CLI line", async ({
      page,
      request,
    }) => {
      const container = uniqueName("e2e-vol-user");
      const name = uniqueName("e2e-vol");
      dockerCli.createContainer(container, "seed/entry:1");
      try {
        const anonymous = dockerCli.run(["inspect", "--format", "{{range .Mounts}}{{.Name}}{{end}}", container]);
        expect(anonymous).toMatch(/^[0-9a-f]{64}$/);

        await page.goto("/volumes");
        const list = page.getByTestId(viewport.list);
        await expect(list).toBeVisible();
        await expect(page.getByTestId(viewport.name === "desktop" ? "volumes-cards" : "volumes-table")).toBeHidden();
        const anonymousItem = list.locator(`[data-testid="${viewport.item}"][data-volume-name="${anonymous}"]`);
        await expect(anonymousItem).toContainText("anonymous");
        await expect(anonymousItem).toContainText(`${anonymous.slice(0, 12)}…`);
        await expect(anonymousItem.getByRole("link", { name: container })).toHaveAttribute("href", `/containers/${container}`);
        await expectFitsWidth(page, viewport.list);

        // In use: the dialog says so before any click and names the container; remove is not offered.
        await anonymousItem.getByRole("button", { name: `Remove volume ${anonymous}` }).click();
        const removeDialog = page.getByRole("dialog", { name: "Remove volume" });
        await expect(removeDialog.getByTestId("volume-in-use")).toContainText(container);
        await expect(removeDialog.getByRole("button", { name: "Remove volume", exact: true })).toBeDisabled();
        await expect(removeDialog).toContainText(`docker volume rm ${anonymous}`);
        await removeDialog.getByRole("button", { name: "Cancel", exact: true }).click();

        // Create: the command is previewed as it is typed.
        await page.getByRole("button", { name: "Create volume" }).click();
        const createDialog = page.getByRole("dialog", { name: "Create volume" });
        await createDialog.getByLabel("Name").fill("bad name");
        await expect(createDialog.getByRole("alert")).toContainText("name must be");
        await expect(createDialog.getByRole("button", { name: "Create", exact: true })).toBeDisabled();
        await createDialog.getByLabel("Name").fill(name);
        await createDialog.getByLabel("Labels").fill("team=ops\nnote=keep it");
        await expect(createDialog.getByTestId("volume-create-command")).toHaveText(
          `docker volume create --label team=ops --label 'note=keep it' ${name}`,
        );
        await createDialog.getByRole("button", { name: "Create", exact: true }).click();
        await expect(createDialog).toBeHidden();
        const created = list.locator(`[data-testid="${viewport.item}"][data-volume-name="${name}"]`);
        await expect(created).toContainText("unused");
        await expect(created).toContainText("0 B");

        // Its page: labels, no users.
        await created.getByRole("link", { name }).click();
        await expect(page.getByTestId("volume-title")).toHaveText(name);
        await expect(page.getByTestId("volume-detail-users")).toHaveText("none");
        await expect(page.getByText("keep it")).toBeVisible();
        await expectFitsWidth(page, "volume-title");

        // Remove from its page: back to the list, gone, and audited with the CLI line.
        await page.getByRole("button", { name: "Remove", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Remove volume" });
        await expect(dialog).toContainText("No container uses it now");
        await dialog.getByRole("button", { name: "Remove volume", exact: true }).click();
        await expect(page).toHaveURL(/\/volumes$/);
        await expect(list.locator(`[data-volume-name="${name}"]`)).toHaveCount(0);
        const audit = (await (await request.get(`/api/audit?target=${name}`)).json()) as { entries: { action: string; command: string }[] };
        expect(audit.entries.map((entry) => [entry.action, entry.command])).toEqual([
          ["volume.remove", `docker volume rm ${name}`],
          ["volume.create", `docker volume create --label team=ops --label 'note=keep it' ${name}`],
        ]);
      } finally {
        dockerCli.removeContainer(container);
        removeQuietly("volume", name);
      }
    });

    test("an unknown or invalid volume answers a real 404 that names it", async ({ page }) => {
      // Not a volume name at all ("no such/volume!"): the same 404, never a 500.
      await expectNotFoundPages(page, "volume", uniqueName("e2e-no-such-volume"), "no such/volume!");
    });
  });
}

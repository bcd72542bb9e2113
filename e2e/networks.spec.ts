import { dockerCli, expect, test, uniqueName } from "./fixtures";
import { expectFitsWidth, expectNotFoundPages, removeQuietly } from "./pages/engine-object-pages";

// The networks page. The test engine runs with --bridge=none and no iptables: it has no
// `bridge` network, but user-defined bridge networks work and their containers get addresses.

const VIEWPORTS = [
  { name: "desktop", width: 1440, height: 1000, list: "networks-table", item: "network-row", third: 101 },
  { name: "phone", width: 390, height: 844, list: "networks-cards", item: "network-card", third: 102 },
] as const;

for (const viewport of VIEWPORTS) {
  test.describe(`networks at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("create with a subnet, see attached containers with their addresses, remove once they are gone", async ({ page, request }) => {
      const name = uniqueName("e2e-net");
      const container = uniqueName("e2e-net-c");
      const subnet = `10.${viewport.third}.${Math.floor(Math.random() * 250)}`;
      try {
        await page.goto("/networks");
        const list = page.getByTestId(viewport.list);
        const item = (network: string) => list.locator(`[data-testid="${viewport.item}"][data-network-name="${network}"]`);
        await expect(item("host")).toContainText("predefined");
        await expect(item("host").getByRole("button", { name: /Remove/ })).toHaveCount(0);
        await expectFitsWidth(page, viewport.list);

        await page.getByRole("button", { name: "Create network" }).click();
        const dialog = page.getByRole("dialog", { name: "Create network" });
        await dialog.getByLabel("Name").fill(name);
        await dialog.getByLabel("Subnet").fill(`${subnet}.0/33`);
        await expect(dialog.getByRole("alert")).toContainText("CIDR");
        await dialog.getByLabel("Subnet").fill(`${subnet}.0/24`);
        await dialog.getByLabel("Internal").check();
        await expect(dialog.getByTestId("network-create-command")).toHaveText(
          `docker network create --subnet ${subnet}.0/24 --internal ${name}`,
        );
        await dialog.getByRole("button", { name: "Create", exact: true }).click();
        await expect(dialog).toBeHidden();
        await expect(item(name)).toContainText(`${subnet}.0/24`);
        await expect(item(name)).toContainText("internal");

        dockerCli.run(["run", "-d", "--name", container, "--network", name, "local/busybox:1", "sleep", "600"]);
        await page.reload();
        await expect(item(name).getByRole("link", { name: container })).toBeVisible();
        await expect(item(name)).toContainText(new RegExp(`${subnet.replaceAll(".", "\\.")}\\.\\d+`));

        await item(name)
          .getByRole("button", { name: `Remove network ${name}` })
          .click();
        const remove = page.getByRole("dialog", { name: "Remove network" });
        await expect(remove.getByTestId("network-in-use")).toContainText(container);
        await expect(remove.getByRole("button", { name: "Remove network", exact: true })).toBeDisabled();
        await remove.getByRole("button", { name: "Cancel", exact: true }).click();

        // Its page names the container and its address.
        await item(name).getByRole("link", { name }).click();
        await expect(page.getByTestId("network-title")).toHaveText(name);
        await expect(page.getByTestId("network-detail-containers")).toContainText(container);
        await expect(page.getByTestId("network-detail-subnet")).toContainText(`${subnet}.0/24`);
        await expectFitsWidth(page, "network-title");

        dockerCli.removeContainer(container);
        await page.reload();
        await page.getByRole("button", { name: "Remove", exact: true }).click();
        const confirm = page.getByRole("dialog", { name: "Remove network" });
        await expect(confirm).toContainText("No container is attached");
        await confirm.getByRole("button", { name: "Remove network", exact: true }).click();
        await expect(page).toHaveURL(/\/networks$/);
        await expect(list.locator(`[data-network-name="${name}"]`)).toHaveCount(0);
        const audit = (await (await request.get(`/api/audit?target=${name}`)).json()) as { entries: { action: string; outcome: string }[] };
        expect(audit.entries.map((entry) => [entry.action, entry.outcome])).toEqual([
          ["network.remove", "succeeded"],
          ["network.create", "succeeded"],
        ]);
      } finally {
        dockerCli.removeContainer(container);
        removeQuietly("network", name);
      }
    });

    test("an unknown or invalid network answers a real 404 that names it", async ({ page }) => {
      // Not a network ID or name at all ("-not a name!"): the same 404, never a 500.
      await expectNotFoundPages(page, "network", uniqueName("e2e-no-such-net"), "-not a name!");

      // A known network by name still answers 200.
      expect((await page.goto("/networks/host"))?.status()).toBe(200);
      await expect(page.getByTestId("network-not-found")).toHaveCount(0);
    });
  });
}

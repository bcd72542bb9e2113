import { ImageDetailPage } from "./pages/image-detail-page";
import { ImagesPage } from "./pages/images-page";
import { PullDialog, PushDialog } from "./pages/transfer-dialogs";
import { dashboardApi, expect, test, testRegistry, transferApi } from "./fixtures";
import { rootfsTar } from "./tar-files";

// Runs against the registry:2 with htpasswd auth that CI starts (REGISTRY_ADDRESS, _USERNAME,
// _PASSWORD); see scripts/lib/sandbox.sh sandbox_start_registry.
const registry = testRegistry();

test.describe.configure({ mode: "serial" });

test.describe("registries: credentials, push, browse, pull, delete", () => {
  const { address, username, password } = registry;
  let repository = "";
  let reference = "";
  let pushedDigest = "";

  test.beforeAll(({ runId }) => {
    repository = `e2e/${runId}`;
    reference = `${address}/${repository}:1`;
  });

  test.afterAll(async ({ request }) => {
    // Whatever a failed run left: the right password saved, no local tag.
    await transferApi.saveRegistry(request, { address, username, password });
    await dashboardApi.remove(request, reference);
  });

  test("the registry is saved through the UI and its login succeeds", async ({ page, request, registriesPage: registries }) => {
    await registries.goto();
    // The address is unique: another spec (or an earlier run) may have saved it already.
    if (await registries.row(address).isVisible()) {
      await registries.edit(address, { username, password });
    } else {
      await registries.add(address, username, password);
    }
    const row = registries.row(address);
    await expect(row).toBeVisible();
    await expect(row).toContainText(username);
    // The password is never sent back: not on the page, not in the API.
    expect(await page.content()).not.toContain(password);
    expect(JSON.stringify(await transferApi.registries(request))).not.toContain(password);

    const dialog = await registries.openTestLogin(address);
    await expect(dialog.preview).toHaveText(`docker login -u ${username} --password-stdin ${address}`);
    await dialog.run.click();
    await expect(dialog.result).toContainText("Login Succeeded");
    await expect(dialog.badge).toHaveText("ok");
    await dialog.close();
  });

  test("a wrong password fails the login test, and restoring it fixes it", async ({ registriesPage: registries }) => {
    await registries.goto();
    await registries.edit(address, { password: "not-the-password-1" });
    let dialog = await registries.openTestLogin(address);
    await dialog.run.click();
    await expect(dialog.result).toContainText("Authentication failed");
    await expect(dialog.badge).toHaveText("failed");
    await dialog.close();

    // Only the password changes back; the username field keeps its saved value.
    await registries.edit(address, { password });
    dialog = await registries.openTestLogin(address);
    await dialog.run.click();
    await expect(dialog.result).toContainText("Login Succeeded");
    await dialog.close();
  });

  test("push from the detail page shows each layer finish and the digest", async ({ page, request }) => {
    await dashboardApi.tag(request, "seed/web:1", `${address}/${repository}`, "1");
    const detail = new ImageDetailPage(page);
    await detail.goto(reference);
    await expect(detail.title).toBeVisible();
    await page.getByRole("button", { name: "Push", exact: true }).click();

    const push = new PushDialog(page);
    await push.root.waitFor();
    await push.reference.selectOption(reference);
    await expect(push.preview).toHaveText(`docker push ${reference}`);
    await expect(push.registryAuth).toContainText(`as ${username}`);
    await push.submit.click();

    await expect(push.result).toBeVisible({ timeout: 60_000 });
    await expect(push.digest).toHaveText(/^sha256:[0-9a-f]{64}$/);
    pushedDigest = (await push.digest.textContent()) ?? "";
    const statuses = await push.layerStatuses.allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    for (const status of statuses) expect(status).toMatch(/^(Pushed|Layer already exists|Mounted from .+)$/);
    await expect(push.bytes).toContainText(/\d/);
  });

  test("browsing the registry lists the pushed tag", async ({ registriesPage: registries }) => {
    await registries.goto();
    await registries.browse(address);
    await registries.repository(repository).click();
    await expect(registries.tagRow("1")).toBeVisible();
    await expect(registries.tagRow("1")).toContainText(reference);
  });

  test("the tag pulled back from the browse view has the pushed digest", async ({ page, request, registriesPage: registries }) => {
    // Untag locally first (seed/web:1 keeps the image): the pull has to recreate the tag.
    expect(await dashboardApi.remove(request, reference)).toBe(200);
    expect(await transferApi.image(request, reference)).toBeNull();

    await registries.goto();
    await registries.browse(address);
    await registries.repository(repository).click();
    await registries
      .tagRow("1")
      .getByRole("button", { name: `Pull ${reference}` })
      .click();

    const pull = registries.pullDialog;
    await pull.root.waitFor();
    await expect(pull.reference).toHaveValue(reference);
    await expect(pull.preview).toHaveText(`docker pull ${reference}`);
    await pull.submit.click();

    await expect(pull.result).toBeVisible({ timeout: 60_000 });
    await expect(pull.digest).toHaveText(pushedDigest);
    // Every layer (and the config) is on the engine already through seed/web:1: the engine sends
    // no layer lines at all, only the digest and the new tag.
    await expect(pull.layerRows).toHaveCount(0);
    await expect(pull.root).toContainText("nothing had to be downloaded");
    await expect(pull.messages).toContainText(`Status: Downloaded newer image for ${reference}`);

    await pull.imageLink.click();
    await expect(page).toHaveURL(/\/images\//);
    await expect(new ImageDetailPage(page).title).toHaveText(reference);
  });

  test("a layer the engine lacks is downloaded: Pull complete", async ({ page, request, runId }) => {
    // An image only this run has: imported from a tar with a unique file, pushed, then removed
    // from the engine so that its one layer must come back from the registry.
    const unique = `${address}/${repository}-unique:1`;
    const tar = await rootfsTar({ "run-id.txt": `${runId}\n` });
    const imported = await request.post(`/api/images/import?repo=${encodeURIComponent(`${address}/${repository}-unique`)}&tag=1`, {
      data: tar,
      headers: { "content-type": "application/x-tar" },
    });
    expect(imported.status(), await imported.text()).toBe(201);
    const pushed = await request.post(`/api/images/${encodeURIComponent(unique)}/push`);
    expect(pushed.status(), await pushed.text()).toBe(200);
    expect(await transferApi.forceRemove(request, unique)).toBe(200);

    try {
      const images = new ImagesPage(page);
      await images.goto();
      await page.getByTestId("images-toolbar").getByRole("button", { name: "Pull", exact: true }).click();
      const pull = new PullDialog(page);
      await pull.reference.fill(unique);
      await expect(pull.registryAuth).toContainText(`as ${username}`);
      await pull.submit.click();
      await expect(pull.result).toBeVisible({ timeout: 60_000 });
      await expect(pull.layerStatuses).toHaveText(["Pull complete"]);
      await expect(pull.digest).toHaveText(/^sha256:[0-9a-f]{64}$/);
      expect(await transferApi.image(request, unique)).not.toBeNull();
    } finally {
      await transferApi.forceRemove(request, unique);
    }
  });

  test("a tag deleted from the browse view is gone from the registry", async ({ request, registriesPage: registries }) => {
    await registries.goto();
    await registries.browse(address);
    await registries.repository(repository).click();
    await registries
      .tagRow("1")
      .getByRole("button", { name: `Delete tag ${repository}:1` })
      .click();
    await expect(registries.deleteTagDialog).toContainText(reference);
    await registries.deleteTagDialog.getByRole("button", { name: "Delete tag" }).click();

    await expect(registries.deleteTagDialog).toBeHidden();
    await expect(registries.tagRow("1")).toHaveCount(0);
    const id = (await transferApi.registries(request)).find((saved) => saved.address === address)?.id ?? "";
    expect(await transferApi.registryTags(request, id, repository)).not.toContain("1");
  });
});

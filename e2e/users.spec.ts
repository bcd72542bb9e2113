import type { Page } from "@playwright/test";
import { ADMIN } from "./auth";
import { dashboardApi, expect, newSignedOutPage, test, uniqueName } from "./fixtures";
import { EngineHeader } from "./pages/engine-header";
import { ImageDetailPage } from "./pages/image-detail-page";
import { ImagesPage } from "./pages/images-page";
import { LoginPage } from "./pages/login-page";
import { openRowMenu } from "./pages/row-menu";
import { UsersPage } from "./pages/users-page";

test.describe.configure({ mode: "serial" });

test.describe("users and roles", () => {
  const username = uniqueName("viewer");
  const password = "viewer-password-1";
  const newPassword = "viewer-password-2";
  let viewer: Page;
  let probe = "";

  test.beforeAll(async ({ browser, request, runId }) => {
    // A throwaway tag for the viewer to try to remove: if the role check ever failed, this tag is
    // what would go, not a fixture image.
    probe = `${runId}/role-probe`;
    await dashboardApi.tag(request, "seed/web:1", probe, "1");
    viewer = await newSignedOutPage(browser);
  });

  test.afterAll(async ({ request }) => {
    await viewer.context().close();
    await dashboardApi.remove(request, `${probe}:1`);
  });

  test("an admin creates a viewer", async ({ usersPage }) => {
    await usersPage.goto();
    await usersPage.create(username, password, "viewer");
    await expect(usersPage.row(username)).toBeVisible();
    await expect(usersPage.roleSelect(username)).toHaveValue("viewer");
    await expect(usersPage.status(username)).toHaveText("active");
    // The form is cleared for the next user.
    await expect(usersPage.form.getByLabel("Username")).toHaveValue("");
  });

  test("the viewer sees Tag and Remove disabled, and no Users or Tokens", async ({ request }) => {
    const login = new LoginPage(viewer);
    await login.goto();
    await login.signIn(username, password);
    await expect(viewer).toHaveURL(/\/images$/);

    const header = new EngineHeader(viewer);
    await expect(header.userName).toHaveText(username);
    await expect(header.userRole).toHaveText("viewer");
    await expect(header.navLink("Images")).toBeVisible();
    await expect(header.navLink("Users")).toHaveCount(0);
    await expect(header.navLink("Tokens")).toHaveCount(0);

    const images = new ImagesPage(viewer);
    const row = images.row(await dashboardApi.imageId(request, "seed/web:1"));
    const menu = await openRowMenu(row, await images.rowLabel(row));
    const tag = menu.getByRole("button", { name: "Tag…" });
    const remove = menu.getByRole("button", { name: "Remove…" });
    await expect(tag).toBeDisabled();
    await expect(tag).toHaveAttribute("title", "needs operator");
    await expect(remove).toBeDisabled();
    await expect(remove).toHaveAttribute("title", "needs admin");

    const detail = new ImageDetailPage(viewer);
    await detail.goto("seed/web:1");
    await expect(detail.title).toBeVisible();
    await expect(viewer.getByRole("button", { name: "Tag", exact: true })).toBeDisabled();
    await expect(viewer.getByRole("button", { name: "Remove", exact: true })).toBeDisabled();
  });

  test("the viewer gets the needs-admin message on /users and /tokens", async () => {
    const users = new UsersPage(viewer);
    await users.goto();
    await expect(users.needsRole).toContainText("You need the admin role");
    await expect(users.needsRole).toContainText(`signed in as ${username} with the viewer role`);
    await expect(users.form).toHaveCount(0);
    await expect(users.rows).toHaveCount(0);

    await viewer.goto("/tokens");
    await expect(viewer.getByTestId("needs-role")).toContainText("You need the admin role");
    await expect(viewer.getByRole("form", { name: "Create token" })).toHaveCount(0);
  });

  test("the API refuses the viewer's hand-made DELETE with 403", async ({ request }) => {
    await viewer.goto("/images");
    const answer = await viewer.evaluate(async (reference) => {
      const response = await fetch(`/api/images/${encodeURIComponent(reference)}`, { method: "DELETE" });
      return { status: response.status, body: (await response.json()) as { error?: string } };
    }, `${probe}:1`);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe("Your role (viewer) cannot do this; it needs admin.");
    // Nothing was removed.
    expect(await dashboardApi.imageId(request, `${probe}:1`)).toMatch(/^sha256:/);
  });

  test("a role change applies to the viewer's next page without signing in again", async ({ request, usersPage }) => {
    await usersPage.goto();
    await usersPage.roleSelect(username).selectOption("operator");
    await expect(usersPage.page.getByRole("status").filter({ hasText: `${username} is now operator` })).toBeVisible();

    await viewer.goto("/images");
    const images = new ImagesPage(viewer);
    const row = images.row(await dashboardApi.imageId(request, "seed/web:1"));
    await expect(new EngineHeader(viewer).userRole).toHaveText("operator");
    const menu = await openRowMenu(row, await images.rowLabel(row));
    await expect(menu.getByRole("button", { name: "Tag…" })).toBeEnabled();
    await expect(menu.getByRole("button", { name: "Remove…" })).toBeDisabled();
  });

  test("disabling the user sends their open page and their next navigation to /login, and they cannot sign in", async ({ usersPage }) => {
    // The viewer's /images (from the last test) polls the API.
    await expect(viewer).toHaveURL(/\/images$/);
    await usersPage.goto();
    await (await usersPage.disableButton(username)).click();
    await expect(usersPage.status(username)).toHaveText("disabled");

    // Its next poll gets 401, and the page goes to sign-in, ready to come back.
    await expect(viewer).toHaveURL(/\/login\?next=%2Fimages$/);
    await viewer.goto("/audit");
    await expect(viewer).toHaveURL(/\/login\?next=%2Faudit$/);
    const login = new LoginPage(viewer);
    await login.signIn(username, password);
    await expect(login.error).toHaveText("Wrong username or password.");
  });

  test("re-enabled with a reset password, only the new password works", async ({ usersPage }) => {
    await usersPage.goto();
    await (await usersPage.enableButton(username)).click();
    await expect(usersPage.status(username)).toHaveText("active");
    await usersPage.resetPassword(username, newPassword);
    await expect(usersPage.resetDialog).toBeHidden();

    const login = new LoginPage(viewer);
    await login.goto();
    await login.signIn(username, password);
    await expect(login.error).toHaveText("Wrong username or password.");
    await login.signIn(username, newPassword);
    await expect(viewer).toHaveURL(/\/images$/);
  });

  test("an admin cannot demote or disable themself from the table", async ({ usersPage }) => {
    await usersPage.goto();
    const self = usersPage.row(ADMIN.username);
    await expect(self).toContainText("you");
    await expect(self.getByRole("combobox")).toBeDisabled();
    await expect(await usersPage.disableButton(ADMIN.username)).toBeDisabled();
  });
});

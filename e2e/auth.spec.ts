import { ADMIN, SIGNED_OUT } from "./auth";
import { expect, test, uniqueName } from "./fixtures";

test.describe("signing in and out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("an anonymous visit to /images goes to /login, and signing in comes back to /images", async ({ page, header, loginPage }) => {
    await page.goto("/images");
    await expect(page).toHaveURL(/\/login\?next=%2Fimages$/);
    // Signed out there is no dashboard header to leak anything through.
    await expect(header.nav).toHaveCount(0);
    await expect(header.userMenu).toHaveCount(0);

    await loginPage.signIn(ADMIN.username, ADMIN.password);
    await expect(page).toHaveURL(/\/images$/);
    await expect(header.userName).toHaveText(ADMIN.username);
    await expect(header.userRole).toHaveText("admin");
    await expect(page.getByRole("heading", { name: "Images", exact: true })).toBeVisible();
  });

  test("a deep link survives the sign-in, query string included", async ({ page, loginPage }) => {
    await page.goto("/audit?outcome=failed");
    await expect(page).toHaveURL(/\/login\?next=%2Faudit%3Foutcome%3Dfailed$/);
    await loginPage.signIn(ADMIN.username, ADMIN.password);
    await expect(page).toHaveURL(/\/audit\?outcome=failed$/);
    await expect(page.getByLabel("Outcome")).toHaveValue("failed");
  });

  test("a wrong password or an unknown user gets the same message and stays on /login", async ({ page, loginPage }) => {
    await loginPage.goto("/images");
    await loginPage.signIn(ADMIN.username, "not-the-password-123");
    await expect(loginPage.error).toHaveText("Wrong username or password.");
    await expect(page).toHaveURL(/\/login/);
    await expect(loginPage.password).toHaveValue("");

    await loginPage.signIn(uniqueName("nobody"), "not-the-password-123");
    await expect(loginPage.error).toHaveText("Wrong username or password.");

    // The right password still works (and resets the failure count the throttle keeps).
    await loginPage.signIn(ADMIN.username, ADMIN.password);
    await expect(page).toHaveURL(/\/images$/);
  });

  test("next never leads off the site", async ({ page, loginPage }) => {
    await page.goto("/login?next=%2F%2Fevil.example%2Fimages");
    await loginPage.signIn(ADMIN.username, ADMIN.password);
    await expect(page).toHaveURL(/^http:\/\/[^/]+\/images$/);
  });

  test("signing out ends the session on the server and /images asks to sign in again", async ({
    page,
    context,
    playwright,
    baseURL,
    header,
    loginPage,
  }) => {
    await loginPage.goto();
    await loginPage.signIn(ADMIN.username, ADMIN.password);
    await expect(header.userName).toHaveText(ADMIN.username);
    const [session] = (await context.cookies()).filter((cookie) => cookie.httpOnly);
    expect(session, "signing in sets an HttpOnly session cookie").toBeTruthy();

    await header.signOut.click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(loginPage.form).toBeVisible();

    await page.goto("/images");
    await expect(page).toHaveURL(/\/login\?next=%2Fimages$/);

    // The old cookie is dead server-side, not merely deleted from this browser.
    const replay = await playwright.request.newContext({ baseURL, storageState: { cookies: [session!], origins: [] } });
    expect((await replay.get("/api/auth/me")).status()).toBe(401);
    await replay.dispose();
  });
});

test.describe("signed in", () => {
  test("/login sends a signed-in user on to next", async ({ page }) => {
    await page.goto("/login?next=%2Faudit");
    await expect(page).toHaveURL(/\/audit$/);
  });

  test("/setup is closed once an admin exists", async ({ page }) => {
    await page.goto("/setup");
    // /setup → /login → next (/images) for a signed-in user.
    await expect(page).toHaveURL(/\/images$/);
  });
});

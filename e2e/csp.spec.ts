import type { Page, Response } from "@playwright/test";
import { SIGNED_OUT } from "./auth";
import { dashboardApi, expect, newSignedOutPage, test, uniqueName } from "./fixtures";

type Watch = { violations: () => Promise<string[]>; consoleErrors: string[]; cspMessages: string[] };

/**
 * Collects what would show a CSP problem: securitypolicyviolation events (an init script, which
 * Playwright injects outside the page's CSP), console messages about the policy, console errors
 * and uncaught page errors.
 */
async function watchPage(page: Page): Promise<Watch> {
  await page.addInitScript(() => {
    const store = window as unknown as { __cspViolations: string[] };
    store.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      store.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  const watch: Watch = {
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
    consoleErrors: [],
    cspMessages: [],
  };
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(message.text())) watch.cspMessages.push(message.text());
    else if (message.type() === "error") watch.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => watch.consoleErrors.push(`pageerror: ${error.message}`));
  return watch;
}

/** A per-request nonce for scripts, and 'strict-dynamic' so only what those load may run. */
function expectNoncePolicy(response: Response | null): string {
  expect(response, "the page answered").not.toBeNull();
  const policy = response!.headers()["content-security-policy"];
  expect(policy, "a Content-Security-Policy header").toBeTruthy();
  const match = /script-src [^;]*'nonce-([A-Za-z0-9+/=]{16,})'[^;]*'strict-dynamic'/.exec(policy!);
  expect(match, `script-src with a nonce and 'strict-dynamic' in: ${policy}`).not.toBeNull();
  expect(policy).not.toMatch(/script-src [^;]*'unsafe-inline'/);
  return match![1]!;
}

async function expectClean(watch: Watch, allowedErrors: RegExp[] = []): Promise<void> {
  expect(await watch.violations()).toEqual([]);
  expect(watch.cspMessages).toEqual([]);
  expect(watch.consoleErrors.filter((text) => !allowedErrors.some((allowed) => allowed.test(text)))).toEqual([]);
}

test.describe("content security policy", () => {
  test("/images: nonce policy, no violation, and the Tag dialog opens and reacts", async ({ page, request, imagesPage }) => {
    const watch = await watchPage(page);
    const first = expectNoncePolicy(await page.goto("/images"));
    await imagesPage.totals.waitFor();
    const dialog = await imagesPage.openTag(imagesPage.row(await dashboardApi.imageId(request, "seed/web:1")));
    await dialog.repository.fill("csp/check");
    // The tag field starts from the image's own tag: set it, the preview follows.
    await dialog.tag.fill("latest");
    await expect(dialog.preview).toHaveText(/docker tag \S+ csp\/check:latest$/);
    await page.keyboard.press("Escape");
    await expect(dialog.root).toBeHidden();
    // A nonce is good for one response only.
    expect(expectNoncePolicy(await page.reload())).not.toBe(first);
    await expectClean(watch);
  });

  test("/images/seed/fat:1: nonce policy, no violation, and the Remove dialog opens", async ({ page, imageDetailPage }) => {
    const watch = await watchPage(page);
    expectNoncePolicy(await page.goto(`/images/${encodeURIComponent("seed/fat:1")}`));
    await expect(imageDetailPage.title).toHaveText("seed/fat:1");
    const dialog = await imageDetailPage.openRemove();
    await expect(dialog.preview).toHaveText("docker rmi seed/fat:1");
    await dialog.cancel.click();
    await expect(dialog.root).toBeHidden();
    await expectClean(watch);
  });

  test("/audit: nonce policy, no violation, and client-side navigation works", async ({ page, header }) => {
    const watch = await watchPage(page);
    expectNoncePolicy(await page.goto("/audit"));
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    // A marker on window survives only a client-side navigation, which needs the app's scripts.
    await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = "kept"));
    await header.navLink("Images").click();
    await expect(page).toHaveURL(/\/images$/);
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe("kept");
    await expectClean(watch);
  });

  test("/users: nonce policy, no violation, and the reset-password dialog opens", async ({ page, usersPage }) => {
    const watch = await watchPage(page);
    expectNoncePolicy(await page.goto("/users"));
    const dialog = await usersPage.openResetPassword("admin");
    await dialog.getByLabel("New password", { exact: true }).fill("short");
    await expect(dialog).toContainText("At least 10 characters.");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expectClean(watch);
  });

  test("/login: nonce policy, no violation, and the form answers without a reload", async ({ browser }) => {
    const page = await newSignedOutPage(browser);
    try {
      const watch = await watchPage(page);
      expectNoncePolicy(await page.goto("/login"));
      await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = "kept"));
      await page.getByLabel("Username").fill(uniqueName("nobody"));
      await page.getByLabel("Password").fill("not-a-password-1");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("login-error")).toHaveText("Wrong username or password.");
      expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe("kept");
      // Chromium logs the deliberate 401 of the wrong sign-in as a failed resource load.
      await expectClean(watch, [/Failed to load resource: the server responded with a status of 401/]);
    } finally {
      await page.context().close();
    }
  });
});

test.describe("content security policy, signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("/setup redirects to /login once an admin exists, under the same policy", async ({ page }) => {
    const response = await page.goto("/setup");
    await expect(page).toHaveURL(/\/login$/);
    expectNoncePolicy(response);
  });
});

import { SIGNED_OUT } from "./auth";
import { expect, test, uniqueName } from "./fixtures";

test.describe("API tokens", () => {
  test("a token is shown once, works as a bearer token, and gets 401 once revoked", async ({
    page,
    playwright,
    baseURL,
    tokensPage,
    auditPage,
  }) => {
    const name = uniqueName("ci");
    await tokensPage.goto();
    await tokensPage.create(name, "viewer");

    await expect(tokensPage.newToken).toContainText("it will not be shown again");
    await expect(tokensPage.newTokenValue).toHaveText(/^dsh_\S{20,}$/);
    const token = (await tokensPage.newTokenValue.textContent())!.trim();
    await expect(tokensPage.usage).toHaveText(`curl -H "Authorization: Bearer ${token}" ${new URL(baseURL!).origin}/api/images`);
    const row = tokensPage.row(name);
    await expect(row).toContainText(`${token.slice(0, 10)}…`);
    await expect(row.getByTestId("token-status")).toHaveText("active");
    await expect(row.getByTestId("token-last-used")).toHaveText("never");

    // No cookie: the bearer token alone must be enough.
    const api = await playwright.request.newContext({
      baseURL,
      storageState: SIGNED_OUT,
      extraHTTPHeaders: { authorization: `Bearer ${token}` },
    });
    try {
      const list = await api.get("/api/images");
      expect(list.status()).toBe(200);
      expect(((await list.json()) as { images: unknown[] }).images.length).toBeGreaterThan(0);
      // A viewer token reads but does not tag.
      const tag = await api.post(`/api/images/${encodeURIComponent("seed/web:1")}/tag`, { data: { repo: `${name}/x`, tag: "1" } });
      expect(tag.status()).toBe(403);

      // Shown once: after a reload the secret is nowhere on the page, and the use is recorded.
      await page.reload();
      await expect(tokensPage.row(name)).toBeVisible();
      await expect(tokensPage.newToken).toHaveCount(0);
      await expect(page.getByText(token)).toHaveCount(0);
      await expect(tokensPage.row(name).getByTestId("token-last-used")).not.toHaveText("never");

      await tokensPage.revoke(name);
      await expect(tokensPage.revokeDialog).toBeHidden();
      await expect(tokensPage.row(name).getByTestId("token-status")).toContainText("revoked");
      // A revoked token has no actions left: no Actions menu on its row.
      await expect(tokensPage.row(name).getByRole("button", { name: `Actions for ${name}` })).toHaveCount(0);

      expect((await api.get("/api/images")).status()).toBe(401);
    } finally {
      await api.dispose();
    }

    // The audit log shows both, with no docker command.
    await auditPage.goto(`?action=token.revoke&target=${encodeURIComponent(name)}`);
    await expect(auditPage.rows).toHaveCount(1);
    await expect(auditPage.rows.getByTestId("audit-command")).toHaveText("—");
    await expect(auditPage.rows).toContainText("admin");
  });
});

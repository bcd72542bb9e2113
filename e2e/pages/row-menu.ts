import type { Locator } from "@playwright/test";

/**
 * Opens a list row's Actions menu (the one row-action pattern of every list) and returns it.
 * `label` is what the row is called: "Actions for LABEL".
 */
export async function openRowMenu(row: Locator, label: string): Promise<Locator> {
  await row.getByRole("button", { name: `Actions for ${label}`, exact: true }).click();
  const menu = row.getByTestId("row-actions");
  await menu.waitFor();
  return menu;
}

/** A button of a row's Actions menu, after opening it: e.g. rowAction(row, "web", "Remove…"). */
export async function rowAction(row: Locator, label: string, action: string): Promise<Locator> {
  const menu = await openRowMenu(row, label);
  return menu.getByRole("button", { name: action, exact: true });
}

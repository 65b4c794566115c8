import { expect, type Page } from "@playwright/test";

/**
 * Uses the admin panel the way a person would: search, open the dialog, confirm. Returns what the
 * page said: the toast announcing the result, or the refusal shown in the dialog (which stays open).
 */
export async function adminAct(
  page: Page,
  email: string,
  button: "Change role" | "Disable" | "Enable" | "End sessions",
  role?: string,
  origin = "",
) {
  await page.goto(`${origin}/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.locator(`tr[data-person="${email}"]`);
  await row.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  if (role) await dialog.getByLabel("New role").selectOption(role);
  await dialog.getByRole("button", { name: /Change role|Disable account|Enable account|End sessions/ }).click();
  const outcome = page.getByTestId("toast").or(dialog.getByRole("alert")).first();
  await expect(outcome).toBeVisible();
  const text = ((await outcome.textContent()) ?? "").replace(/×$/, "");
  // Leave the page as a person would: the dialog closed, the toast dismissed.
  if (await dialog.isVisible()) await dialog.getByRole("button", { name: "Cancel" }).click();
  return text;
}

import { expect, type Page } from "@playwright/test";
import { TEST_PEOPLE } from "./fixtures";

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
  const confirm = dialog.getByRole("button", { name: /Change role|Disable account|Enable account|End sessions/ });
  await confirm.click();
  let outcome = page.getByTestId("toast").or(dialog.getByRole("alert")).first();
  await expect(outcome).toBeVisible();
  // A session signed in more than 10 minutes ago confirms with the password first, as a person would.
  const confirmIdentity = dialog.getByTestId("confirm-identity");
  if (await confirmIdentity.isVisible()) {
    await confirmIdentity.getByLabel("Your password").fill(TEST_PEOPLE.admin.password);
    await confirm.click();
    outcome = page
      .getByTestId("toast")
      .or(dialog.getByRole("alert").filter({ hasNotText: "confirm it is you" }))
      .first();
    await expect(outcome).toBeVisible();
  }
  const text = ((await outcome.textContent()) ?? "").replace(/×$/, "");
  // Leave the page as a person would: the dialog closed, the toast dismissed.
  if (await dialog.isVisible()) await dialog.getByRole("button", { name: "Cancel" }).click();
  return text;
}

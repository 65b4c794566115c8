import { expect, type Page } from "@playwright/test";

export async function signInThroughForm(page: Page, person: { email: string; password: string }, path = "/signin") {
  await page.goto(path);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard|\/editor|\/admin/);
}

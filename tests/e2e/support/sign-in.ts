import { expect, type Page } from "@playwright/test";

export async function signInThroughForm(page: Page, person: { email: string; password: string }, path = "/signin") {
  await page.goto(path);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard|\/editor|\/admin/);
}

/** Registers a password account through the sign-up form and signs in with it. */
export async function signUpAndSignIn(page: Page, person: { email: string; password: string }) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1/);
  await signInThroughForm(page, person);
}

export async function signOutThroughHeader(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
}

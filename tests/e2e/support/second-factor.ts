import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

/**
 * The code an authenticator app shows for `key`, `stepOffset` 30-second steps from now. A code is
 * accepted once and only for a later step than the last one used, within one step of now: after
 * setting up (which uses the current step) the next sign-in uses step +1.
 */
export function totpCode(key: string, stepOffset = 0): string {
  return new TOTP({ secret: Secret.fromBase32(key), algorithm: "SHA1", digits: 6, period: 30 }).generate({
    timestamp: Date.now() + stepOffset * 30_000,
  });
}

/** Waits for the next 30-second step to begin, so a fresh code exists (used sparingly: up to 30 s). */
export async function nextTotpStep(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
}

/** Sets up an authenticator app in settings as a person does; returns its key and the recovery codes. */
export async function setUpAuthenticator(page: Page): Promise<{ key: string; recoveryCodes: string[] }> {
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const key = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from your app").fill(totpCode(key));
  await page.getByRole("button", { name: "Turn on" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const recoveryCodes = await list.getByRole("listitem").allTextContents();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByText("On. Signing in with your password also asks for a code")).toBeVisible();
  return { key, recoveryCodes };
}

/** The password step of a sign-in for someone with a second factor: it ends on the code page. */
export async function passPasswordStep(page: Page, person: { email: string; password: string }) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\/second-step/);
}

/** Enters a code on the second step and waits for the answer (a form resets once its action returns). */
export async function enterCode(page: Page, code: string) {
  await page.getByLabel("Code", { exact: true }).fill(code);
  const answered = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/signin/second-step",
  );
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await answered;
  // The form clears its field once the answer is shown (codes are never echoed), or the page moves on.
  await page.waitForFunction(() => {
    const field = document.querySelector<HTMLInputElement>('input[name="code"]');
    return !field || field.value === "";
  });
}

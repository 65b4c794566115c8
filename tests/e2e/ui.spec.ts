import { expect, test } from "@playwright/test";
import { TEST_PEOPLE } from "./support/fixtures";

/** Perceived lightness from 0 (black) to 1 (white), for the colour formats Chromium reports. */
function lightness(colour: string): number {
  const lab = colour.match(/^lab\(([\d.]+)/);
  if (lab) return Number(lab[1]) / 100;
  const oklch = colour.match(/^ok(?:lch|lab)\(([\d.]+)(%?)/);
  if (oklch) return Number(oklch[1]) / (oklch[2] ? 100 : 1);
  const [r, g, b] = colour
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

test("follows the system colour scheme: dark when the system is dark", async ({ browser }) => {
  const backgrounds: Record<string, number> = {};
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto("/signin");
    const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    backgrounds[colorScheme] = lightness(colour);
    await context.close();
  }
  expect(backgrounds.light).toBeGreaterThan(0.9);
  expect(backgrounds.dark).toBeLessThan(0.3);
});

test("a submitted form shows that it is working and cannot be sent twice", async ({ page }) => {
  await page.goto("/signin");
  // Hold the server's answer back so the pending state can be seen.
  await page.route("**/signin", async (route) => {
    if (route.request().method() === "POST") await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.getByLabel("Email").fill(TEST_PEOPLE.user.email);
  await page.getByLabel("Password").fill(TEST_PEOPLE.user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const pending = page.getByRole("button", { name: "Signing in…" });
  await expect(pending).toBeVisible();
  await expect(pending).toBeDisabled();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("every form field has a label a screen reader can announce", async ({ page }) => {
  for (const path of ["/signin", "/signup"]) {
    await page.goto(path);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
        .filter((field) => !(field as HTMLInputElement).labels?.length && !field.getAttribute("aria-label"))
        .map((field) => field.outerHTML),
    );
    expect(unlabelled, path).toEqual([]);
  }
});

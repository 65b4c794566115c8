import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { TEST_PEOPLE, ownNetwork } from "./support/fixtures";
import { confirmAddressInBrowser } from "./support/mail";
import { signInThroughForm, signInUnconfirmed } from "./support/sign-in";

function freshEmail() {
  return `person-${randomUUID().slice(0, 8)}@Example.COM`;
}

// Each test signs up from its own network: sign-ups are limited per network.
test.beforeEach(async ({ context }) => context.setExtraHTTPHeaders(ownNetwork()));

async function fillSignUp(page: Page, fields: { name?: string; email: string; password: string }) {
  await page.goto("/signup");
  if (fields.name) await page.getByLabel("Name (optional)").fill(fields.name);
  await page.getByLabel("Email").fill(fields.email);
  await page.getByLabel("Password").fill(fields.password);
}

test("a new person signs up, signs in with the normalised email and gets the user role", async ({ page }) => {
  const email = freshEmail();
  await fillSignUp(page, { name: "Grace Hopper", email: `  ${email} `, password: "violet-kettle-orbit-42" });
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/signin\?registered=1/);
  await expect(page.getByRole("status")).toHaveText(
    `Check your inbox: we sent a mail to ${email.toLowerCase()}. Follow the link in it to confirm your address, then sign in here.`,
  );
  await expect(page.getByLabel("Email")).toHaveValue(email.toLowerCase());

  await signInUnconfirmed(page, { email: email.toUpperCase(), password: "violet-kettle-orbit-42" });
  await confirmAddressInBrowser(page, email.toLowerCase());
  await expect(page).toHaveURL(/\/dashboard\?verified=1/);
  await expect(page.getByRole("heading", { name: "Hello, Grace Hopper" })).toBeVisible();
  await expect(page.getByTestId("role-badge")).toHaveText("user");
});

test("signing up with a registered email looks exactly like signing up with a new one", async ({ page }) => {
  await fillSignUp(page, { email: TEST_PEOPLE.admin.email, password: "violet-kettle-orbit-42" });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1/);
  const takenNotice = (await page.getByRole("status").textContent())!.replace(TEST_PEOPLE.admin.email, "<address>");

  const email = freshEmail();
  await fillSignUp(page, { email, password: "violet-kettle-orbit-42" });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1/);
  const newNotice = (await page.getByRole("status").textContent())!.replace(email.toLowerCase(), "<address>");
  expect(newNotice).toBe(takenNotice);
  expect(newNotice).toContain("<address>");

  // And the existing admin's password was not replaced by the attempt.
  await signInThroughForm(page, TEST_PEOPLE.admin);
  await expect(page.getByTestId("role-badge")).toHaveText("admin");
});

test.describe("sign-up refuses bad input with a clear message and keeps what was typed", () => {
  const cases = [
    {
      why: "a short password",
      email: freshEmail(),
      password: "short-pass",
      field: "Password",
      message: "Use at least 12 characters.",
    },
    {
      why: "a common password",
      email: freshEmail(),
      password: "qwertyuiop123",
      field: "Password",
      message: "That password is too common. Choose one that is harder to guess.",
    },
    {
      why: "an invalid email",
      email: "not-an-email",
      password: "violet-kettle-orbit-42",
      field: "Email",
      message: "Enter a valid email address, like name@example.com.",
    },
  ];
  for (const { why, email, password, field, message } of cases) {
    test(why, async ({ page }) => {
      await fillSignUp(page, { name: "Kept Name", email, password });
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByRole("main").getByRole("alert").first()).toHaveText("Please fix the highlighted fields.");
      await expect(page.getByLabel(field)).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText(message)).toBeVisible();
      await expect(page).toHaveURL(/\/signup$/);
      await expect(page.getByLabel("Name (optional)")).toHaveValue("Kept Name");
      await expect(page.getByLabel("Email")).toHaveValue(email);
      await expect(page.getByLabel("Password")).toHaveValue("");
    });
  }
});

test("a role smuggled into the sign-up form is ignored", async ({ page }) => {
  const email = freshEmail();
  await fillSignUp(page, { email, password: "violet-kettle-orbit-42" });
  await page.locator("form").evaluate((form) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "role";
    input.value = "admin";
    form.appendChild(input);
  });
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1/);
  await signInUnconfirmed(page, { email, password: "violet-kettle-orbit-42" });
  await confirmAddressInBrowser(page, email.toLowerCase());
  await expect(page.getByTestId("role-badge")).toHaveText("user");
  const admin = await page.request.get("/admin", { maxRedirects: 0 });
  expect(`${admin.status()} ${admin.headers().location ?? ""}`).toBe("403 ");
});

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as apiRequest, expect, test } from "@playwright/test";
import { OIDC_CLIENT } from "../fixtures/oidc-settings.mjs";
import { E2E_AUTH_SECRET, E2E_ORIGIN, TEST_PEOPLE, storageStatePath } from "./support/fixtures";
import { SUBJECTS, linkIn, tokenOf, waitForMail } from "./support/mail";
import { signInThroughForm, signUpDirectly } from "./support/sign-in";
import { openTokenForm } from "./support/tokens";

test("passwords, tokens, session cookies and the server's own secrets never reach the server log", async ({
  browser,
}) => {
  const wrongPassword = `wrong-${randomUUID()}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(TEST_PEOPLE.editor.email);
  await page.getByLabel("Password").fill(wrongPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await signInThroughForm(page, TEST_PEOPLE.editor);
  const sessionCookie = (await context.cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"))!.value;

  const owner = await browser.newContext({ storageState: storageStatePath("writer") });
  const settings = await owner.newPage();
  await settings.goto("/settings/tokens");
  await openTokenForm(settings);
  await settings.getByLabel("Name").fill(`log check ${randomUUID().slice(0, 6)}`);
  await settings.getByRole("button", { name: "Create token" }).click();
  const token = (await settings.getByLabel("New token").textContent())!;
  const api = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  await api.get("/api/v1/articles", { headers: { Authorization: `Bearer ${token}` } });
  await api.get("/api/v1/articles", { headers: { Authorization: `Bearer ${token.slice(0, -2)}xx` } });
  await api.post("/api/v1/articles", { headers: { Authorization: `Bearer ${token}` }, data: "{broken" });

  // Links in mail: a confirmation link, a reset link that is then used, and a mail the SMTP server
  // refuses (the failure is logged, and must be logged without the link).
  const person = { email: `logged-${randomUUID().slice(0, 8)}@example.test`, password: "violet-kettle-orbit-42" };
  await signUpDirectly(person);
  const visitor = await browser.newPage();
  await visitor.goto("/forgot-password");
  await visitor.getByLabel("Email").fill(person.email);
  await visitor.getByRole("button", { name: "Send me a link" }).click();
  const resetLink = linkIn(await waitForMail(person.email, SUBJECTS.reset), "/reset-password");
  await visitor.goto(resetLink);
  await visitor.getByLabel("New password").fill("amber-lantern-quartz-77");
  await visitor.getByRole("button", { name: "Set my new password" }).click();
  await expect(visitor).toHaveURL(/\/dashboard/);
  const confirmLink = linkIn(await waitForMail(person.email, SUBJECTS.verify), "/verify-email");
  await signUpDirectly(
    { email: `bounce-${randomUUID().slice(0, 8)}@example.test`, password: person.password },
    { confirm: false },
  );

  // Give the server a moment to flush what it printed.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const log = readFileSync("tests/.tmp/e2e-server.log", "utf8");
  // And the server's own secrets: the session key and the OAuth client secret.
  for (const secret of [
    TEST_PEOPLE.editor.password,
    wrongPassword,
    token,
    token.slice(4),
    sessionCookie,
    E2E_AUTH_SECRET,
    OIDC_CLIENT.client_secret,
    tokenOf(resetLink),
    tokenOf(confirmLink),
  ]) {
    expect(log.includes(secret), `the log contains ${secret.slice(0, 8)}…`).toBe(false);
  }
  expect(log, "a failed mail was logged").toMatch(/mail/i);
  expect(log).not.toMatch(/token=[\w-]{20,}/);
  await api.dispose();
  await owner.close();
  await context.close();
});

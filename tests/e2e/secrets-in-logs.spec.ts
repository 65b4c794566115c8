import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as apiRequest, expect, test } from "@playwright/test";
import { OIDC_CLIENT } from "../fixtures/oidc-settings.mjs";
import { E2E_AUTH_SECRET, E2E_ORIGIN, TEST_PEOPLE, storageStatePath } from "./support/fixtures";
import { signInThroughForm } from "./support/sign-in";
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
  ]) {
    expect(log.includes(secret), `the log contains ${secret.slice(0, 8)}…`).toBe(false);
  }
  await api.dispose();
  await owner.close();
  await context.close();
});

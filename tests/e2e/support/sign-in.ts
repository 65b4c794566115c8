import { request as apiRequest, expect, type APIRequestContext, type Page } from "@playwright/test";
import { actionFormBody, serverActionId } from "./actions";
import { E2E_ORIGIN, ownNetwork } from "./fixtures";

export async function signInThroughForm(page: Page, person: { email: string; password: string }, path = "/signin") {
  await page.goto(path);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard|\/editor|\/admin/);
}

/** Registers a password account through the sign-up form and signs in with it. */
export async function signUpAndSignIn(page: Page, person: { email: string; password: string }) {
  await page.context().setExtraHTTPHeaders(ownNetwork());
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

/** A signed-in session outside any browser, through Auth.js's own credentials endpoint. */
export async function signedInRequest(person: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await context.post("/api/auth/callback/credentials", { form: { csrfToken, ...person }, maxRedirects: 0 });
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { email: string } } | null;
  expect(session?.user?.email, `signed in as ${person.email}`).toBe(person.email.toLowerCase());
  return context;
}

/** Registers a password account the way the sign-up form does, without a browser. */
export async function signUpDirectly(person: { email: string; password: string }) {
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
  const response = await context.post("/signup", {
    headers: { "next-action": serverActionId("signUpAction"), origin: E2E_ORIGIN, ...ownNetwork() },
    multipart: actionFormBody({ name: "", ...person }),
    maxRedirects: 0,
  });
  expect(response.headers()["x-action-redirect"]).toMatch(/^\/signin\?registered=1/);
  await context.dispose();
}

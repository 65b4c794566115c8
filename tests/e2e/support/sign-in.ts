import { randomUUID } from "node:crypto";
import { request as apiRequest, expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { actionFormBody, serverActionId } from "./actions";
import { E2E_ORIGIN, TEST_PEOPLE, ownNetwork, NO_COOKIES } from "./fixtures";
import { confirmAddressByMail, confirmAddressInBrowser } from "./mail";

export async function signInThroughForm(page: Page, person: { email: string; password: string }, path = "/signin") {
  await page.goto(path);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard|\/editor|\/admin/);
}

/** Signs in through the form as someone who has not confirmed their address yet: they land on "Check your inbox". */
export async function signInUnconfirmed(page: Page, person: { email: string; password: string }) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/verify-email$/);
}

/**
 * Registers a password account through the sign-up form, signs in with it and confirms the address
 * by the link in the mail, as a new person does: they end on their dashboard.
 */
export async function signUpAndSignIn(page: Page, person: { email: string; password: string }) {
  await page.context().setExtraHTTPHeaders(ownNetwork());
  await page.goto("/signup");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1/);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/verify-email$/);
  await confirmAddressInBrowser(page, person.email.toLowerCase());
  await expect(page).toHaveURL(/\/dashboard\?verified=1/);
}

export async function signOutThroughHeader(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
}

/** A signed-in session outside any browser, through Auth.js's own credentials endpoint. */
export async function signedInRequest(person: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: NO_COOKIES });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await context.post("/api/auth/callback/credentials", { form: { csrfToken, ...person }, maxRedirects: 0 });
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { email: string } } | null;
  expect(session?.user?.email, `signed in as ${person.email}`).toBe(person.email.toLowerCase());
  return context;
}

/** Registers a password account the way the sign-up form does, without a browser, and confirms its address by mail. */
export async function signUpDirectly(person: { email: string; password: string }, { confirm = true } = {}) {
  const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: NO_COOKIES });
  const response = await context.post("/signup", {
    headers: { "next-action": serverActionId("signUpAction"), origin: E2E_ORIGIN, ...ownNetwork() },
    multipart: actionFormBody({ name: "", ...person }),
    maxRedirects: 0,
  });
  expect(response.headers()["x-action-redirect"]).toMatch(/^\/signin\?registered=1/);
  await context.dispose();
  if (confirm) await confirmAddressByMail(person.email);
}

/**
 * Someone new (`prefix-…@example.test`), signed up without a browser, then signed in through the
 * form in a browser context of their own, on a network of their own (no shared throttle).
 */
export async function newSignedInPerson(browser: Browser, password: string, prefix = "person") {
  const person = { email: `${prefix}-${randomUUID().slice(0, 8)}@example.test`, password };
  await signUpDirectly(person);
  const context = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const page = await context.newPage();
  await signInThroughForm(page, person);
  return { ...person, context, page };
}

/**
 * The demo admin, signed in just now in a browser of their own: dangerous admin actions need a
 * recent authentication, which the sessions saved at the start of the run may no longer have.
 */
export async function freshAdmin(userAgent = "Gatehouse e2e admin"): Promise<APIRequestContext> {
  const request = await apiRequest.newContext({
    baseURL: E2E_ORIGIN,
    storageState: NO_COOKIES,
    userAgent,
    extraHTTPHeaders: ownNetwork(),
  });
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: TEST_PEOPLE.admin.email, password: TEST_PEOPLE.admin.password },
    maxRedirects: 0,
  });
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { role: string } } | null;
  expect(session?.user?.role, "signed in as the demo admin").toBe("admin");
  return request;
}

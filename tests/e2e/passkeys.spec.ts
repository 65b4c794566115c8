import { randomUUID } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import { E2E_PORT, SESSION_COOKIE, ownNetwork } from "./support/fixtures";
import { addPasskey, addVirtualAuthenticator, credentialsOf } from "./support/passkeys";
import { passPasswordStep } from "./support/second-factor";
import { signInThroughForm, signUpDirectly } from "./support/sign-in";

// Issue 18, passkeys: real WebAuthn ceremonies in Chromium against the production build, with the
// DevTools virtual authenticator standing in for a phone or a security key.

const PASSWORD = "violet-kettle-orbit-42";

async function personWithAuthenticator(browser: Browser) {
  const person = { email: `passkey-${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD };
  await signUpDirectly(person);
  const context = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const page = await context.newPage();
  const authenticator = await addVirtualAuthenticator(page);
  await signInThroughForm(page, person);
  return { ...person, context, page, authenticator };
}

async function sessionEmail(page: { request: { get: (url: string) => Promise<{ json: () => Promise<unknown> }> } }) {
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email: string } } | null;
  return session?.user?.email ?? "signed out";
}

test("several named passkeys, one per device, are added and removed in settings; signing in with one needs no email or password", async ({
  browser,
}) => {
  const person = await personWithAuthenticator(browser);
  const { page } = person;
  await addPasskey(page, "Work laptop");
  // The same device again: the browser is told which passkeys exist, so it does not make a second.
  await page.getByLabel("Passkey name").fill("Work laptop again");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("This device already has a passkey for your account.")).toBeVisible();
  expect(await credentialsOf(person.authenticator)).toHaveLength(1);

  // Another device (the laptop's authenticator goes away, a phone's comes).
  await person.authenticator.cdp.send("WebAuthn.removeVirtualAuthenticator", {
    authenticatorId: person.authenticator.authenticatorId,
  });
  const phone = await addVirtualAuthenticator(page);
  await addPasskey(page, "Phone");
  const list = page.getByRole("list", { name: "Your passkeys" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list).toContainText("Work laptop");
  await expect(list).toContainText("Phone");
  expect(await credentialsOf(phone)).toHaveLength(1);

  await page.getByRole("button", { name: "Remove Work laptop" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove passkey" }).click();
  await expect(page.getByTestId("toast")).toContainText("Passkey “Work laptop” removed.");
  await expect(list.getByRole("listitem")).toHaveCount(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  expect(await sessionEmail(page)).toBe(person.email);
  await page.goto("/settings/security");
  await expect(page.locator('[data-passkey="Phone"]')).toContainText("last used");
  await person.context.close();
});

test("with a passkey, a password sign-in asks for it as the second step", async ({ browser }) => {
  const person = await personWithAuthenticator(browser);
  const { page } = person;
  await addPasskey(page, "Laptop");
  await page.getByRole("button", { name: "Sign out" }).click();
  // Wait for the sign-out to land: a sign-in page opened before it would still see the session.
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
  await passPasswordStep(page, person);
  expect((await page.context().cookies()).some((cookie) => cookie.name === SESSION_COOKIE)).toBe(false);
  // No authenticator app, so no code field: the passkey is the way.
  await expect(page.getByLabel("Code", { exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  expect(await sessionEmail(page)).toBe(person.email);
  await person.context.close();
});

test("a copied authenticator (its signature counter behind) is refused, and the owner is told in the audit log", async ({
  browser,
}) => {
  const person = await personWithAuthenticator(browser);
  const { page } = person;
  await addPasskey(page, "Original");
  const [credential] = await credentialsOf(person.authenticator);
  // Used once, so Gatehouse has seen its counter move on.
  await page.getByRole("button", { name: "Sign out" }).click();
  // Wait for the sign-out to land: a sign-in page opened before it would still see the session.
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  const [used] = await credentialsOf(person.authenticator);
  expect(used.signCount).toBeGreaterThan(0);

  // The copy: the same key in another authenticator, its counter where the original began.
  const thief = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const thiefPage = await thief.newPage();
  const copy = await addVirtualAuthenticator(thiefPage);
  await copy.cdp.send("WebAuthn.addCredential", {
    authenticatorId: copy.authenticatorId,
    credential: { ...credential, signCount: 0 },
  });
  await thiefPage.goto("/signin");
  await thiefPage.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(thiefPage.getByText("This passkey was refused: it may have been copied.")).toBeVisible();
  expect(await sessionEmail(thiefPage)).toBe("signed out");
  await thief.close();

  // The owner's own passkey still works.
  await page.getByRole("button", { name: "Sign out" }).click();
  // Wait for the sign-out to land: a sign-in page opened before it would still see the session.
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await person.context.close();
});

test("a page on another origin cannot use the passkey: the browser refuses, and nobody is signed in", async ({
  browser,
}) => {
  const person = await personWithAuthenticator(browser);
  await addPasskey(person.page, "Laptop");
  const [credential] = await credentialsOf(person.authenticator);
  // The same server under another name (127.0.0.1 instead of localhost): another origin. Gatehouse
  // still names localhost as the relying party, which the browser will not sign for there.
  const elsewhere = await browser.newContext({ extraHTTPHeaders: ownNetwork() });
  const page = await elsewhere.newPage();
  const authenticator = await addVirtualAuthenticator(page);
  await authenticator.cdp.send("WebAuthn.addCredential", {
    authenticatorId: authenticator.authenticatorId,
    credential,
  });
  await page.goto(`http://127.0.0.1:${E2E_PORT}/signin`);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: /passkey/i })
      .first(),
  ).toBeVisible();
  expect(await sessionEmail(page)).toBe("signed out");
  await elsewhere.close();
  await person.context.close();
});

test("a dangerous action on an old session can be confirmed with a passkey", async ({ browser }) => {
  const { ageSessions, e2eDatabaseUrl } = await import("./support/database");
  const person = await personWithAuthenticator(browser);
  const { page } = person;
  await addPasskey(page, "Laptop");
  await ageSessions(e2eDatabaseUrl(), person.email, 45);
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "Generate new token" }).click();
  await page.getByLabel("Name").fill("confirmed by passkey");
  await page.getByRole("button", { name: "Create token" }).click();
  const confirm = page.getByTestId("confirm-identity");
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Or use a passkey" }).click();
  await expect(page.getByTestId("new-token")).toContainText("gat_");
  await person.context.close();
});

test("with passkeys only, recovery codes can be made, and one stands in for the passkey at the second step", async ({
  browser,
}) => {
  const person = await personWithAuthenticator(browser);
  const { page } = person;
  await addPasskey(page, "Only key");
  await page.getByRole("button", { name: "Generate recovery codes" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const [first] = await list.getByRole("listitem").allTextContents();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("recovery-codes-left")).toContainText("10 recovery codes left");
  await page.getByRole("button", { name: "Sign out" }).click();
  // Wait for the sign-out to land: a sign-in page opened before it would still see the session.
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
  await passPasswordStep(page, person);
  await page.getByLabel("Code", { exact: true }).fill(first);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/security\?recovered=1&next=%2Fdashboard/);
  await expect(page.getByText("You signed in with a recovery code; 9 are left.")).toBeVisible();
  expect(await sessionEmail(page)).toBe(person.email);
  await person.context.close();
});

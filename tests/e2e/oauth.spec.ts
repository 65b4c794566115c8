import { expect, test, type Page } from "@playwright/test";
import { OIDC_ISSUER } from "../fixtures/oidc-settings.mjs";
import { adminAct } from "./support/admin";
import { SESSION_COOKIE, storageStatePath } from "./support/fixtures";
import {
  OIDC_BUTTON,
  OIDC_LINK_BUTTON,
  captureCallback,
  freshAddress,
  loginAtProvider,
  signInWithProvider,
} from "./support/oidc";
import { confirmAddressInBrowser } from "./support/mail";
import { signInThroughForm, signOutThroughHeader, signUpAndSignIn, signUpDirectly } from "./support/sign-in";
import { openTokenForm } from "./support/tokens";

// OAuth / OpenID Connect sign-in against a real provider on loopback (tests/fixtures/oidc-provider.mjs),
// configured as Gatehouse's generic OIDC provider. Every test starts in a fresh browser context.

const PASSWORD = "quartz-lantern-meadow-71";

async function expectSignedInAs(page: Page, email: string) {
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByTestId("signed-in-as")).toContainText(email.split("@")[0]);
  await page.goto("/settings/accounts");
  await expect(page.getByText(`Signs in as ${email}`).or(page.getByText("Not set up for this account"))).toBeVisible();
}

async function expectSignedOut(page: Page) {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
}

test.describe("signing in with an OpenID Connect provider", () => {
  test("the first sign-in goes through the provider, creates a user-role account and sets the session cookie", async ({
    page,
    context,
  }) => {
    const email = freshAddress("first");
    const authorize: URL[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin === OIDC_ISSUER && url.pathname === "/auth") authorize.push(url);
    });

    await signInWithProvider(page, email);

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("role-badge")).toHaveText("user");
    await expect(page.getByTestId("signed-in-as")).toHaveText(email.split("@")[0]);
    const session = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session, "session cookie").toBeDefined();
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });

    // The request Gatehouse sent to the provider carried every protection of the code flow.
    const request = authorize[0];
    expect(request.searchParams.get("response_type")).toBe("code");
    expect(request.searchParams.get("code_challenge_method")).toBe("S256");
    expect(request.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.searchParams.get("state")?.length).toBeGreaterThan(20);
    expect(request.searchParams.get("nonce")?.length).toBeGreaterThan(20);
    expect(request.searchParams.get("scope")).toBe("openid email profile");

    // A person who signed up through a provider has no password; the provider is their way in.
    await page.goto("/settings/accounts");
    await expect(page.locator('[data-method="password"]')).toContainText("Not set up for this account");
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "true");
  });

  test("signing in again with the same provider account returns to the same account", async ({ page, browser }) => {
    const email = freshAddress("again");
    await signInWithProvider(page, email);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("link", { name: "API tokens" }).click();
    await openTokenForm(page);
    await page.getByLabel("Name").fill("made in the first session");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByText("Copy it now")).toBeVisible();

    const later = await browser.newPage();
    await signInWithProvider(later, email);
    await later.goto("/settings/tokens");
    await expect(later.locator('[data-token="made in the first session"]')).toBeVisible();
    await later.close();
  });
});

test.describe("the authorization-code flow refuses tampering and replay", () => {
  test("a callback whose state was changed is refused with a clear page, and no one is signed in", async ({ page }) => {
    const callback = await captureCallback(page, freshAddress("tampered"));
    callback.searchParams.set("state", `${callback.searchParams.get("state")}x`);
    await page.goto(callback.href);

    await expect(page).toHaveURL(/\/signin\/problem\?error=Configuration/);
    await expect(page.getByRole("heading", { name: "Sign-in did not complete" })).toBeVisible();
    await expect(page.getByTestId("sign-in-problem")).toContainText("could not be verified");
    await expect(page.locator("body")).not.toContainText(/InvalidCheck|OAuthAccountNotLinked|at \w+ \(/);
    await expectSignedOut(page);
  });

  for (const cookie of ["state", "pkce.code_verifier", "nonce"]) {
    test(`a callback without the browser's ${cookie} cookie is refused`, async ({ page, context }) => {
      const callback = await captureCallback(page, freshAddress("nocookie"));
      await context.clearCookies({ name: `__Secure-authjs.${cookie}` });
      await page.goto(callback.href);
      await expect(page).toHaveURL(/\/signin\/problem\?error=Configuration/);
      await expectSignedOut(page);
    });
  }

  test("an authorization response used twice signs in once; the replay is refused", async ({ page }) => {
    const callback = await captureCallback(page, freshAddress("replay"));
    await page.goto(callback.href);
    await expect(page).toHaveURL(/\/dashboard$/);
    await signOutThroughHeader(page);

    await page.goto(callback.href);
    await expect(page).toHaveURL(/\/signin\/problem\?error=Configuration/);
    await expectSignedOut(page);
  });

  test("a stolen authorization response is useless in another browser", async ({ page, browser }) => {
    const callback = await captureCallback(page, freshAddress("stolen"));
    const attacker = await browser.newPage();
    await attacker.goto(callback.href);
    await expect(attacker).toHaveURL(/\/signin\/problem\?error=Configuration/);
    await expectSignedOut(attacker);
    await attacker.close();
  });

  test("a provider error in the callback (the person cancelled) is explained, not shown raw", async ({ page }) => {
    await page.goto(
      `/api/auth/callback/oidc?error=access_denied&error_description=End-User+aborted+interaction&state=x`,
    );
    await expect(page).toHaveURL(/\/signin(\/problem)?\?error=/);
    await expect(page.getByTestId("sign-in-problem")).toBeVisible();
    await expect(page.locator("body")).not.toContainText(/End-User aborted|stack|at \w+ \(/);
    await expectSignedOut(page);
  });
});

test.describe("linking accounts", () => {
  test("a signed-in person links the provider in settings and can then sign in with it", async ({ page, browser }) => {
    const email = freshAddress("linker");
    const providerLogin = freshAddress("elsewhere");
    await signUpAndSignIn(page, { email, password: PASSWORD });

    await page.goto("/settings/accounts");
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "false");
    await page.getByRole("button", { name: OIDC_LINK_BUTTON }).click();
    await loginAtProvider(page, providerLogin);
    await expect(page).toHaveURL(/\/settings\/accounts\?linked=oidc/);
    await expect(page.getByText("Loopback ID is linked.")).toBeVisible();
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "true");
    // Still the same person, and still signed in.
    await expect(page.locator('[data-method="password"]')).toContainText(`Signs in as ${email}`);

    const later = await browser.newPage();
    await signInWithProvider(later, providerLogin);
    await expectSignedInAs(later, email);
    await later.close();
  });

  test("an unconfirmed password account is not taken over by a provider: a friendly page names the way in", async ({
    page,
  }) => {
    const email = freshAddress("owner");
    await signUpDirectly({ email, password: PASSWORD }, { confirm: false });

    // The provider vouches for the address, but the password account never proved it held it.
    await signInWithProvider(page, email);
    await expect(page).toHaveURL(/\/signin\/problem\?reason=account-exists/);
    await expect(page.getByRole("heading", { name: "You already have an account" })).toBeVisible();
    await expect(page.getByTestId("existing-methods")).toHaveText("email and password");
    await expect(page.getByTestId("sign-in-problem")).toContainText("Settings → Sign-in methods");
    await expect(page.locator("body")).not.toContainText("OAuthAccountNotLinked");
    await expectSignedOut(page);

    // The owner's account is unchanged: the password still works, and once the owner confirms the address
    // nothing turns out to have been linked.
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/verify-email$/);
    await confirmAddressInBrowser(page, email);
    await expect(page).toHaveURL(/\/dashboard\?verified=1/);
    await page.goto("/settings/accounts");
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "false");
  });

  test("a confirmed password account and a provider that verified the same address are one person", async ({
    page,
    browser,
  }) => {
    const email = freshAddress("confirmed");
    const owner = await browser.newPage();
    await signUpAndSignIn(owner, { email, password: PASSWORD });
    await owner.close();

    // Both sides proved they hold the address (the mailed link, the provider's verified claim).
    await signInWithProvider(page, email);
    await expectSignedInAs(page, email);
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "true");
    await expect(page.locator('[data-method="password"]')).toContainText(`Signs in as ${email}`);
  });

  test("a second provider identity with the same verified email joins the account; an unverified one does not", async ({
    page,
    browser,
  }) => {
    const email = freshAddress("verified");
    await signInWithProvider(page, email);
    await expect(page).toHaveURL(/\/dashboard$/);

    const second = await browser.newPage();
    await signInWithProvider(second, `work/${email}`);
    await expectSignedInAs(second, email);
    await second.close();

    const unverified = await browser.newPage();
    await signInWithProvider(unverified, `home/${email}?unverified`);
    await expect(unverified).toHaveURL(/\/signin\/problem\?reason=account-exists/);
    await expect(unverified.getByTestId("existing-methods")).toHaveText("Loopback ID");
    await expectSignedOut(unverified);
    await unverified.close();
  });

  test("a provider account linked to one person cannot be linked to another", async ({ page, browser }) => {
    const providerLogin = freshAddress("taken");
    const first = await browser.newPage();
    await signInWithProvider(first, providerLogin);
    await expect(first).toHaveURL(/\/dashboard$/);
    await first.close();

    await signUpAndSignIn(page, { email: freshAddress("other"), password: PASSWORD });
    await page.goto("/settings/accounts");
    await page.getByRole("button", { name: OIDC_LINK_BUTTON }).click();
    await loginAtProvider(page, providerLogin);
    await expect(page).toHaveURL(/\/signin\/problem\?reason=linked-elsewhere/);
    await expect(page.getByTestId("sign-in-problem")).toContainText("already linked to a different Gatehouse account");
  });

  test("a provider that shares no email address gets a clear page, and no account is made", async ({ page }) => {
    await signInWithProvider(page, `noemail:${freshAddress("anon")}`);
    await expect(page).toHaveURL(/\/signin\/problem\?reason=no-email/);
    await expect(page.getByTestId("sign-in-problem")).toContainText("did not share an email address");
    await expectSignedOut(page);
  });

  test("a signed-out copy of a session cookie cannot attach an attacker's provider account", async ({
    page,
    browser,
    context,
  }) => {
    const victim = freshAddress("victim");
    await signUpAndSignIn(page, { email: victim, password: PASSWORD });
    const stolen = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)!;
    await signOutThroughHeader(page);

    const attackerContext = await browser.newContext();
    await attackerContext.addCookies([stolen]);
    const attacker = await attackerContext.newPage();
    const attackerLogin = freshAddress("attacker");
    await signInWithProvider(attacker, attackerLogin);
    // The ended session counts for nothing: the attacker gets their own new account.
    await expectSignedInAs(attacker, attackerLogin);
    await attackerContext.close();

    await signInThroughForm(page, { email: victim, password: PASSWORD });
    await page.goto("/settings/accounts");
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "false");
  });
});

test("a callbackUrl pointing off-site is dropped on the way through the provider", async ({ page }) => {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("https://evil.example/phish")}`);
  await page.getByRole("button", { name: OIDC_BUTTON }).click();
  await loginAtProvider(page, freshAddress("redirected"));
  await page.waitForURL((url) => url.origin !== OIDC_ISSUER);
  await expect(page).toHaveURL(/^http:\/\/localhost:3100\/dashboard/);
});

test("a disabled person's provider sign-in ends their session and does not let them back in", async ({
  page,
  browser,
}) => {
  const login = freshAddress("disabled");
  await signInWithProvider(page, login);
  await expectSignedInAs(page, login);

  const admin = await browser.newContext({ storageState: storageStatePath("admin") });
  expect(await adminAct(await admin.newPage(), login, "Disable")).toContain("is disabled and signed out everywhere");
  await admin.close();

  await expectSignedOut(page);
  // The provider still remembers this browser, so it sends the person straight back.
  await page.goto("/signin");
  await page.getByRole("button", { name: OIDC_BUTTON }).click();
  await expect(page).toHaveURL(/\/signin\/problem\?reason=disabled/);
  await expect(page.getByTestId("sign-in-problem")).toContainText("This account has been disabled.");
  await expectSignedOut(page);
});

test.describe("unlinking", () => {
  test("the only way to sign in offers no unlink button", async ({ page }) => {
    await signInWithProvider(page, freshAddress("only"));
    await page.goto("/settings/accounts");
    const row = page.locator('[data-method="oidc"]');
    await expect(row).toContainText("Your only way to sign in");
    await expect(row.getByRole("button", { name: /Unlink/ })).toHaveCount(0);
  });

  test("with a password as well, the provider can be unlinked and then no longer signs in", async ({
    page,
    browser,
  }) => {
    const email = freshAddress("unlinker");
    const providerLogin = freshAddress("unlinked");
    await signUpAndSignIn(page, { email, password: PASSWORD });
    await page.goto("/settings/accounts");
    await page.getByRole("button", { name: OIDC_LINK_BUTTON }).click();
    await loginAtProvider(page, providerLogin);
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "true");

    await page.getByRole("button", { name: "Unlink Loopback ID" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Unlink" }).click();
    await expect(page.getByText("Loopback ID is unlinked")).toBeVisible();
    await expect(page.locator('[data-method="oidc"]')).toHaveAttribute("data-linked", "false");

    // That provider identity now makes a new, separate account rather than entering this one.
    const later = await browser.newPage();
    await signInWithProvider(later, providerLogin);
    await expectSignedInAs(later, providerLogin);
    await later.close();
  });
});

test("the sign-in page offers the configured provider, and the CSP lets the form reach it", async ({ page }) => {
  const response = await page.goto("/signin");
  await expect(page.getByRole("button", { name: OIDC_BUTTON })).toBeVisible();
  expect(response!.headers()["content-security-policy"]).toContain(`form-action 'self' ${OIDC_ISSUER}`);
});

test("the sign-in problem page shows no text taken from its URL", async ({ page }) => {
  await page.goto("/signin/problem?reason=account-exists&provider=Call+555-0100&methods=password,Wire+money+to+us");
  await expect(page.getByTestId("existing-methods")).toHaveText("email and password");
  await expect(page.locator("body")).not.toContainText(/555-0100|Wire money/);
});

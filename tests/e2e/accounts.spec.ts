import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as apiRequest, expect, test, type Browser, type Page } from "@playwright/test";
import { actionFormBody, serverActionId } from "./support/actions";
import { E2E_ORIGIN, TEST_PEOPLE, ownNetwork, storageStatePath } from "./support/fixtures";
import { SUBJECTS, linkIn, mailsTo, tokenOf, waitForMail } from "./support/mail";
import { signInThroughForm, signUpAndSignIn, signUpDirectly, signedInRequest } from "./support/sign-in";

// The account flows of issue 16, in Chromium, with real mail: Gatehouse sends through nodemailer to
// the loopback SMTP server (tests/fixtures/smtp-server.mjs), and each test follows the links it finds
// in the received messages.

const PASSWORD = "violet-kettle-orbit-42";
const NEW_PASSWORD = "amber-lantern-quartz-77";
const fresh = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

test.beforeEach(async ({ context }) => context.setExtraHTTPHeaders(ownNetwork()));

async function signUpThroughForm(page: Page, email: string) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1/);
}

async function signInExpecting(page: Page, email: string, password: string, url: RegExp) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(url);
}

async function sessionEmail(page: Page) {
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email: string } } | null;
  return session?.user?.email ?? "signed out";
}

/** A second browser signed in as the same person (another device). */
async function anotherDevice(browser: Browser, person: { email: string; password: string }) {
  const context = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile Safari/604.1",
    extraHTTPHeaders: ownNetwork(),
  });
  const page = await context.newPage();
  await signInThroughForm(page, person);
  return { context, page };
}

test.describe("confirming the address", () => {
  test("sign-up mails a link; until it is followed the person can only ask for it again; then everything opens", async ({
    page,
  }) => {
    const email = fresh("verify");
    await signUpThroughForm(page, email);
    await expect(page.getByRole("status")).toContainText(`we sent a mail to ${email}`);
    await signInExpecting(page, email, PASSWORD, /\/verify-email$/);
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

    // Every gated page, and every action, is closed until then.
    for (const path of ["/dashboard", "/settings/tokens", "/settings/account"]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/verify-email$/);
    }
    const action = await page.request.post("/settings/tokens", {
      headers: { "next-action": serverActionId("createTokenAction"), origin: E2E_ORIGIN },
      multipart: actionFormBody({ name: "too early", expiresIn: "7", scopes: "articles:read" }),
      maxRedirects: 0,
    });
    expect(action.status()).toBe(403);
    expect((await action.json()).error).toBe("email_unverified");

    const mail = await waitForMail(email, SUBJECTS.verify);
    expect(mail.subject).toBe("Confirm your email address · Gatehouse");
    expect(mail.text).toContain("Gatehouse");
    expect(mail.html).toContain("<a href=");
    expect(mail.html, "no tracking images").not.toMatch(/<img/i);
    const link = linkIn(mail, "/verify-email");
    expect(new URL(link).origin, "links are built from AUTH_URL").toBe(E2E_ORIGIN);
    expect(mail.html).toContain(link.replaceAll("&", "&amp;"));

    await page.goto(link);
    await expect(page.getByText(`Confirm that ${email} is your address.`)).toBeVisible();
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page).toHaveURL(/\/dashboard\?verified=1/);
    await page.goto("/settings/tokens");
    await expect(page).toHaveURL(/\/settings\/tokens$/);

    // The link worked once.
    await page.goto(link);
    await expect(page.getByTestId("link-problem")).toContainText("already been used");
  });

  test("confirming on another device frees this one at its next request, a form post included", async ({
    page,
    browser,
  }) => {
    const person = { email: fresh("elsewhere"), password: PASSWORD };
    await signUpDirectly(person, { confirm: false });
    await signInExpecting(page, person.email, PASSWORD, /\/verify-email$/);
    const rename = () =>
      page.request.post("/settings/account", {
        headers: { "next-action": serverActionId("renameAction"), origin: E2E_ORIGIN },
        multipart: actionFormBody({ name: "Phone Confirmed" }),
        maxRedirects: 0,
      });
    expect((await rename()).status()).toBe(403);

    // The link is opened on a phone that is not signed in.
    const phone = await browser.newPage();
    await phone.goto(linkIn(await waitForMail(person.email, SUBJECTS.verify), "/verify-email"));
    await phone.getByRole("button", { name: "Confirm my address" }).click();
    await expect(phone).toHaveURL(/\/signin\?verified=1/);
    await phone.close();

    // Back on the laptop, whose cookie still says "not confirmed": its very next request is a post.
    const renamed = await rename();
    expect(renamed.status()).toBe(200);
    expect(await renamed.text()).toContain('"status":"success"');
    await page.goto("/dashboard");
    await expect(page.getByTestId("signed-in-as")).toHaveText("Phone Confirmed");
  });

  test("asking again sends a new link that replaces the old one, three times in 15 minutes", async ({ page }) => {
    const email = fresh("resend");
    await signUpThroughForm(page, email);
    const first = linkIn(await waitForMail(email, SUBJECTS.verify), "/verify-email");
    await signInExpecting(page, email, PASSWORD, /\/verify-email$/);
    for (let count = 2; count <= 4; count++) {
      await page.getByRole("button", { name: /Send a new link/ }).click();
      await expect(page.getByRole("status").filter({ hasText: "We sent a new link" })).toBeVisible();
      await waitForMail(email, SUBJECTS.verify, count);
      await page.reload();
    }
    await page.getByRole("button", { name: /Send a new link/ }).click();
    await expect(page.getByRole("main").getByRole("alert").filter({ hasText: "Wait" })).toContainText(
      "You asked for several links",
    );

    await page.goto(first);
    await expect(page.getByTestId("link-problem")).toContainText("newer one replaced it");
    await page.getByRole("link", { name: "Get a new link" }).click();
    await expect(page).toHaveURL(/\/verify-email$/);
  });

  test("a mail that cannot be sent is said so on the page, and asking again says so too", async ({ page }) => {
    const email = fresh("bounce-verify");
    await signUpThroughForm(page, email);
    await signInExpecting(page, email, PASSWORD, /\/verify-email$/);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("main").getByRole("alert")).toContainText(`We could not send the mail to ${email}`, {
        timeout: 500,
      });
    }).toPass({ timeout: 15_000 });
    await page.getByRole("button", { name: /Send a new link/ }).click();
    await expect(page.getByRole("main").getByRole("alert").filter({ hasText: "Try again in a minute" })).toBeVisible();
  });

  test("signing up with a registered address answers the same and tells the owner instead", async ({ page }) => {
    const owner = { email: fresh("owner"), password: PASSWORD };
    await signUpDirectly(owner);
    await signUpThroughForm(page, owner.email);
    await expect(page.getByRole("status")).toContainText(`we sent a mail to ${owner.email}`);
    const notice = await waitForMail(owner.email, SUBJECTS.signUpAttempt);
    expect(notice.text).toContain("already has one");
    expect((await mailsTo(owner.email)).filter((mail) => SUBJECTS.verify.test(mail.subject))).toHaveLength(1);
    // The owner's password still works.
    await signInThroughForm(page, owner);
  });

  test("tampered, truncated and made-up links get a clear page, never an error", async ({ page }) => {
    const email = fresh("tamper");
    await signUpThroughForm(page, email);
    const token = tokenOf(linkIn(await waitForMail(email, SUBJECTS.verify), "/verify-email"));
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const bad of [flipped, token.slice(0, 20), "x".repeat(43), "%00", "<script>"]) {
      for (const path of ["/verify-email", "/reset-password", "/email-change", "/email-change/undo"]) {
        const response = await page.goto(`${path}?token=${encodeURIComponent(bad)}`);
        expect(response?.status(), `${path} ${bad}`).toBe(200);
        await expect(page.getByTestId("link-problem"), `${path} ${bad}`).toContainText("not valid");
      }
    }
    // A verification link is not a reset link, and the other way round.
    await page.goto(`/reset-password?token=${token}`);
    await expect(page.getByTestId("link-problem")).toContainText("not valid");
    // Posted directly with junk, the action answers with words, not a 500.
    const response = await page.request.post("/verify-email", {
      headers: { "next-action": serverActionId("confirmEmailAction"), origin: E2E_ORIGIN },
      multipart: actionFormBody({ token: "\u0000".repeat(5000) }),
    });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("This link is not valid");
  });

  test("someone else's link, opened while signed in, is refused and stays usable for its owner", async ({
    page,
    browser,
  }) => {
    const email = fresh("theirs");
    await signUpThroughForm(page, email);
    const link = linkIn(await waitForMail(email, SUBJECTS.verify), "/verify-email");
    const other = await browser.newContext({ storageState: storageStatePath("user") });
    const otherPage = await other.newPage();
    await otherPage.goto(link);
    await otherPage.getByRole("button", { name: "Confirm my address" }).click();
    await expect(otherPage.getByRole("main").getByRole("alert")).toContainText("belongs to another account");
    await other.close();
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my address" }).click();
    await expect(page).toHaveURL(/\/signin\?verified=1/);
  });
});

test.describe("forgotten passwords", () => {
  async function askForReset(page: Page, email: string) {
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    return page.getByRole("status").textContent();
  }

  test("a registered and an unknown address get the same answer; the link sets a password, ends every session and signs in", async ({
    page,
    browser,
  }) => {
    const person = { email: fresh("reset"), password: PASSWORD };
    await signUpDirectly(person);
    const device = await anotherDevice(browser, person);

    const known = await askForReset(page, person.email);
    const unknown = await askForReset(page, fresh("nobody"));
    expect(known?.replace(person.email, "…")).toBe(unknown?.replace(/\S+@example\.test/, "…"));

    const link = linkIn(await waitForMail(person.email, SUBJECTS.reset), "/reset-password");
    const response = await page.goto(link);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await page.getByLabel("New password").fill("short");
    await page.getByRole("button", { name: "Set my new password" }).click();
    await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
    await page.getByLabel("New password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set my new password" }).click();
    await expect(page).toHaveURL(/\/dashboard\?passwordReset=1/);
    expect(await sessionEmail(page)).toBe(person.email);

    // The other device was signed out; the old password is gone; the link is used up.
    expect(await sessionEmail(device.page)).toBe("signed out");
    await device.context.close();
    const fresh1 = await browser.newContext();
    const other = await fresh1.newPage();
    await signInExpecting(other, person.email, PASSWORD, /\/signin/);
    await expect(other.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");
    await other.goto(link);
    await expect(other.getByTestId("link-problem")).toContainText("already been used");
    await fresh1.close();
  });

  test("a newer link ends the older one", async ({ page }) => {
    const person = { email: fresh("reset-twice"), password: PASSWORD };
    await signUpDirectly(person);
    await askForReset(page, person.email);
    const older = linkIn(await waitForMail(person.email, SUBJECTS.reset), "/reset-password");
    await askForReset(page, person.email);
    const newer = linkIn(await waitForMail(person.email, SUBJECTS.reset, 2), "/reset-password");
    expect(newer).not.toBe(older);
    await page.goto(older);
    await expect(page.getByTestId("link-problem")).toContainText("newer one replaced it");
    await page.getByRole("link", { name: "Send me a new link" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
  });

  test("requests are limited per address, registered or not", async ({ page }) => {
    for (const email of [fresh("reset-limit"), fresh("reset-limit-unknown")]) {
      for (let i = 0; i < 5; i++) expect(await askForReset(page, email)).toContain("If an account uses");
      await page.getByLabel("Email").fill(email);
      await page.getByRole("button", { name: "Send me a link" }).click();
      await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many reset requests");
    }
  });

  test("a spoofed Host or X-Forwarded-Host does not change the link in the mail", async () => {
    const person = { email: fresh("poison"), password: PASSWORD };
    await signUpDirectly(person);
    const context = await apiRequest.newContext({ baseURL: E2E_ORIGIN });
    const response = await context.post("/forgot-password", {
      headers: {
        "next-action": serverActionId("forgotPasswordAction"),
        origin: E2E_ORIGIN,
        host: "evil.example",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
        forwarded: "host=evil.example;proto=https",
        ...ownNetwork(),
      },
      multipart: actionFormBody({ email: person.email }),
    });
    expect(response.status()).toBeLessThan(500);
    const mail = await waitForMail(person.email, SUBJECTS.reset);
    expect(mail.text).not.toContain("evil.example");
    expect(new URL(linkIn(mail, "/reset-password")).origin).toBe(E2E_ORIGIN);
    await context.dispose();
  });

  test("the link's secret never leaves in a Referer, and never reaches the server's log", async ({ page }) => {
    const person = { email: fresh("referer"), password: PASSWORD };
    await signUpDirectly(person);
    await askForReset(page, person.email);
    const link = linkIn(await waitForMail(person.email, SUBJECTS.reset), "/reset-password");
    const token = tokenOf(link);
    const referers: string[] = [];
    page.on("request", (request) => {
      const referer = request.headers().referer;
      if (referer) referers.push(referer);
    });
    await page.goto(link);
    await page.getByRole("link", { name: "Gatehouse" }).first().click();
    await page.waitForLoadState("networkidle");
    expect(referers.filter((referer) => referer.includes(token))).toEqual([]);
    expect(readFileSync("tests/.tmp/e2e-server.log", "utf8")).not.toContain(token);
  });
});

test.describe("account settings", () => {
  test("changing the password needs the current one, signs out the other sessions by default, and is mailed", async ({
    page,
    browser,
  }) => {
    const person = { email: fresh("change-password"), password: PASSWORD };
    await signUpAndSignIn(page, person);
    const device = await anotherDevice(browser, person);
    await page.goto("/settings/account");
    const form = page.locator('[data-form="change-password"]');
    await form.getByLabel("Current password").fill("not-my-password-at-all");
    await form.getByLabel("New password").fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByRole("alert").first()).toContainText("Your current password is not right.");
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByLabel("New password").fill(NEW_PASSWORD);
    await expect(form.getByLabel("Sign out my other sessions")).toBeChecked();
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByRole("status")).toContainText("1 other session was signed out");
    expect(await sessionEmail(page)).toBe(person.email);
    expect(await sessionEmail(device.page)).toBe("signed out");
    await device.context.close();
    await waitForMail(person.email, SUBJECTS.passwordChanged);
  });

  test("changing the address: confirmed by a link to the new one, the old one told with an undo that signs everyone out", async ({
    page,
    browser,
  }) => {
    const person = { email: fresh("old-address"), password: PASSWORD };
    const newEmail = fresh("new-address");
    await signUpAndSignIn(page, person);
    await page.goto("/settings/account");
    const form = page.locator('[data-form="change-email"]');
    await form.getByLabel("New address").fill(newEmail);
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByRole("button", { name: "Change address" }).click();
    await expect(form.getByRole("status")).toContainText(`We sent a link to ${newEmail}`);
    await expect(page.getByTestId("pending-email-change")).toContainText(newEmail);

    // Until confirmed, sign-in keeps using the old address.
    const device = await anotherDevice(browser, person);
    const confirm = linkIn(await waitForMail(newEmail, SUBJECTS.confirmNewEmail), "/email-change");
    await page.goto(confirm);
    await page.getByRole("button", { name: "Change my address" }).click();
    await expect(page).toHaveURL(/\/settings\/account\?emailChanged=1/);
    await expect(page.getByText(`Your address is now ${newEmail}`)).toBeVisible();

    const told = await waitForMail(person.email, SUBJECTS.emailChanged);
    expect(told.text).toContain(newEmail);
    const undo = linkIn(told, "/email-change/undo");
    const outsider = await browser.newContext();
    const outsiderPage = await outsider.newPage();
    await signInThroughForm(outsiderPage, { email: newEmail, password: PASSWORD });
    await outsider.close();

    await page.goto(undo);
    await page.getByRole("button", { name: "Undo the change" }).click();
    await expect(page.getByRole("heading", { name: "The change is undone" })).toBeVisible();
    expect(await sessionEmail(page)).toBe("signed out");
    expect(await sessionEmail(device.page)).toBe("signed out");
    await device.context.close();
    await signInThroughForm(page, person);
  });

  test("an address someone else has gets the same answer as a free one, and no mail", async ({ page }) => {
    const person = { email: fresh("wants-taken"), password: PASSWORD };
    await signUpAndSignIn(page, person);
    await page.goto("/settings/account");
    const form = page.locator('[data-form="change-email"]');
    await form.getByLabel("New address").fill(TEST_PEOPLE.writer.email);
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByRole("button", { name: "Change address" }).click();
    await expect(form.getByRole("status")).toContainText(`We sent a link to ${TEST_PEOPLE.writer.email}`);
    await expect(page.getByTestId("pending-email-change")).toContainText(TEST_PEOPLE.writer.email);
    await page.waitForTimeout(1000);
    expect(
      (await mailsTo(TEST_PEOPLE.writer.email)).filter((mail) => SUBJECTS.confirmNewEmail.test(mail.subject)),
    ).toEqual([]);
  });

  test("the sessions list shows each device; one can be signed out, or all the others", async ({ page, browser }) => {
    const person = { email: fresh("sessions"), password: PASSWORD };
    await signUpAndSignIn(page, person);
    const phone = await anotherDevice(browser, person);
    const laptop = await anotherDevice(browser, person);
    await page.goto("/settings/sessions");
    const list = page.getByTestId("session-list");
    await expect(list.locator("li")).toHaveCount(3);
    await expect(list.locator('[data-session="current"]')).toContainText("This browser");
    await expect(list).toContainText("Safari 18 on iOS");
    // How each signed in.
    await expect(list.locator('[data-session="current"]')).toContainText("with a password ·");

    await list.locator('[data-session="other"]').filter({ hasText: "Safari" }).first().getByRole("button").click();
    await page.getByRole("dialog").getByRole("button", { name: "Sign out" }).click();
    await expect(
      page.getByTestId("toast").filter({ hasText: "Signed out the session on Safari 18 on iOS" }),
    ).toBeVisible();
    const signedOut = [await sessionEmail(phone.page), await sessionEmail(laptop.page)];
    expect(signedOut.filter((state) => state === "signed out")).toHaveLength(1);

    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Signed out 1 other session" })).toBeVisible();
    expect(await sessionEmail(phone.page)).toBe("signed out");
    expect(await sessionEmail(laptop.page)).toBe("signed out");
    expect(await sessionEmail(page)).toBe(person.email);
    await phone.context.close();
    await laptop.context.close();
  });

  test("renaming shows the new name in the header", async ({ page }) => {
    await signUpAndSignIn(page, { email: fresh("rename"), password: PASSWORD });
    await page.goto("/settings/account");
    await page.getByLabel("Display name").fill("Ada Lovelace");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Ada Lovelace" })).toBeVisible();
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { name: "Hello, Ada Lovelace" })).toBeVisible();
  });

  test("deleting the account needs the password and the words; it signs out and the address can no longer sign in", async ({
    page,
  }) => {
    const person = { email: fresh("leaving"), password: PASSWORD };
    await signUpAndSignIn(page, person);
    const tokens = await signedInRequest(person);
    await page.goto("/settings/account");
    const form = page.locator('[data-form="delete-account"]');
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByLabel(/Type “delete my account”/).fill("delete it");
    await form.getByRole("button", { name: "Delete my account" }).click();
    await expect(form.getByText("Type “delete my account” to confirm.").first()).toBeVisible();
    await form.getByLabel("Current password").fill("wrong-password-here");
    await form.getByLabel(/Type “delete my account”/).fill("delete my account");
    await form.getByRole("button", { name: "Delete my account" }).click();
    await expect(form.getByRole("alert").first()).toContainText("not right");
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByLabel(/Type “delete my account”/).fill("Delete my account");
    await form.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/signin\?deleted=1/);
    expect(await sessionEmail(page)).toBe("signed out");
    expect((await (await tokens.get("/api/auth/session")).json())?.user).toBeUndefined();
    await waitForMail(person.email, SUBJECTS.accountDeleted);
    await signInExpecting(page, person.email, PASSWORD, /\/signin/);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");
    await tokens.dispose();
  });
});

test.describe("admins help people sign in, without seeing secrets", () => {
  test("an admin sees who is unconfirmed, resends the link, sends a reset link and ends a session", async ({
    browser,
  }) => {
    const person = { email: fresh("helped"), password: PASSWORD };
    await signUpDirectly(person, { confirm: false });
    const member = await browser.newContext();
    const memberPage = await member.newPage();
    await signInExpecting(memberPage, person.email, PASSWORD, /\/verify-email$/);

    const admin = await browser.newContext({ storageState: storageStatePath("admin") });
    const page = await admin.newPage();
    await page.goto(`/admin/users?q=${encodeURIComponent(person.email)}`);
    await page.getByRole("link", { name: person.email }).first().click();
    await expect(page.getByTestId("email-status")).toHaveText("Address not confirmed");
    await page.getByRole("button", { name: "Send a new confirmation link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "on its way" })).toBeVisible();
    await waitForMail(person.email, SUBJECTS.verify, 2);
    await page.getByRole("button", { name: "Send a password reset link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "reset link is on its way" })).toBeVisible();
    const reset = await waitForMail(person.email, SUBJECTS.reset);
    expect(await page.content()).not.toContain(tokenOf(linkIn(reset, "/reset-password")));

    const sessions = page.getByTestId("session-list");
    await expect(sessions.locator("li")).toHaveCount(1);
    await sessions.getByRole("button", { name: "Sign out this session" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "End session" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "has ended" })).toBeVisible();
    expect(await sessionEmail(memberPage)).toBe("signed out");
    await admin.close();
    await member.close();
  });
});

test("the dev outbox does not exist in production", async ({ page }) => {
  const response = await page.goto("/dev/outbox");
  expect(response!.status()).toBe(404);
  expect(await response!.text()).not.toContain("Dev outbox");
  // The 404 page is drawn in the browser: Next sends a page's own notFound() as an empty document and
  // the boundary in its payload (vercel/next.js#62228), and the boundary is a client component.
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

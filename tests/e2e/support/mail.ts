import { request as apiRequest, expect, type APIRequestContext, type Page } from "@playwright/test";
import { MAILBOX_URL } from "../../fixtures/mail-settings.mjs";
import { actionFormBody, serverActionId } from "./actions";
import { E2E_ORIGIN, NO_COOKIES } from "./fixtures";

// Mail as the loopback SMTP server received it (tests/fixtures/smtp-server.mjs).

export type ReceivedMail = {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  receivedAt: string;
};

export async function mailsTo(address: string): Promise<ReceivedMail[]> {
  const response = await fetch(`${MAILBOX_URL}/messages?to=${encodeURIComponent(address.toLowerCase())}`);
  return (await response.json()) as ReceivedMail[];
}

/**
 * Waits for the `count`th mail to `address` whose subject matches, and returns the newest such mail.
 * Mail goes out after the response that caused it, so it can arrive a moment later.
 */
export async function waitForMail(address: string, subject: RegExp, count = 1): Promise<ReceivedMail> {
  let found: ReceivedMail[] = [];
  await expect
    .poll(
      async () => {
        found = (await mailsTo(address)).filter((mail) => subject.test(mail.subject));
        return found.length;
      },
      { message: `mail to ${address} matching ${subject}`, timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return found[0];
}

/** The link in a mail's text that leads to `path` on Gatehouse. */
export function linkIn(mail: ReceivedMail, path: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname === path);
  expect(link, `a link to ${path} in "${mail.subject}"`).toBeDefined();
  return link!;
}

export const tokenOf = (link: string) => new URL(link).searchParams.get("token") ?? "";

export const SUBJECTS = {
  verify: /^Confirm your email address/,
  signUpAttempt: /^Someone tried to sign up with your address/,
  reset: /^Reset your password/,
  confirmNewEmail: /^Confirm your new email address/,
  emailChanged: /^Your email address was changed/,
  passwordChanged: /^Your password was changed/,
  accountDeleted: /^Your account was deleted/,
};

/** Follows the newest confirmation link mailed to `address` the way its page's button does. */
export async function confirmAddressByMail(address: string, request?: APIRequestContext, count = 1) {
  const token = tokenOf(linkIn(await waitForMail(address, SUBJECTS.verify, count), "/verify-email"));
  const context = request ?? (await apiRequest.newContext({ baseURL: E2E_ORIGIN, storageState: NO_COOKIES }));
  const response = await context.post("/verify-email", {
    headers: { "next-action": serverActionId("confirmEmailAction"), origin: E2E_ORIGIN },
    multipart: actionFormBody({ token }),
    maxRedirects: 0,
  });
  expect(
    response.headers()["x-action-redirect"] ?? `${response.status()} ${(await response.text()).slice(0, 300)}`,
    `confirmed ${address}`,
  ).toMatch(/verified=1/);
  if (!request) await context.dispose();
}

/** In a browser: opens the newest confirmation link from the mail and presses its button. */
export async function confirmAddressInBrowser(page: Page, address: string, count = 1) {
  await page.goto(linkIn(await waitForMail(address, SUBJECTS.verify, count), "/verify-email"));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  // Until the action answers, the link page (whose header already shows the role) is still on
  // screen and the address is not confirmed yet: wait for where a confirmation leads.
  await page.waitForURL((url) => url.searchParams.get("verified") === "1");
}

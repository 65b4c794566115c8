import { env } from "@/lib/env";
import type { Mail } from "@/lib/mail/deliver";

// The mails Gatehouse sends: plain text and simple HTML, the product's name, no tracking, and links
// built from AUTH_URL only, never from a request's Host or X-Forwarded-Host (a reset link must not be
// poisonable by whoever sent the request that caused it).

const PRODUCT = "Gatehouse";

/** An absolute link on AUTH_URL. */
export function linkTo(path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, env.AUTH_URL);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** A mail of paragraphs, with at most one button-like link, in text and HTML. */
function compose(
  to: string,
  subject: string,
  paragraphs: string[],
  action?: { label: string; url: string },
  after: string[] = [],
): Mail {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), ...after, `— ${PRODUCT}`].join(
    "\n\n",
  );
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#0f172a;max-width:32rem">`,
    `<p style="font-weight:700;font-size:1.1rem">${PRODUCT}</p>`,
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...(action
      ? [
          `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#4f46e5;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none">${escapeHtml(action.label)}</a></p>`,
          `<p style="font-size:.85rem;color:#475569">Or copy this address into your browser: ${escapeHtml(action.url)}</p>`,
        ]
      : []),
    ...after.map((paragraph) => `<p style="font-size:.85rem;color:#475569">${escapeHtml(paragraph)}</p>`),
    `</body></html>`,
  ].join("");
  return { to, subject: `${subject} · ${PRODUCT}`, text, html };
}

export function verifyEmailMail(to: string, token: string): Mail {
  return compose(
    to,
    "Confirm your email address",
    [
      "Confirm that this is your address to finish setting up your Gatehouse account. The link works once, for 24 hours.",
    ],
    {
      label: "Confirm my address",
      url: linkTo("/verify-email", { token }),
    },
    ["If you did not sign up, ignore this mail: nothing happens without the link."],
  );
}

export function signUpAttemptMail(to: string): Mail {
  return compose(
    to,
    "Someone tried to sign up with your address",
    [
      "Someone tried to create a Gatehouse account with this address, which already has one. Nothing was changed.",
      "If it was you, sign in instead; if you forgot your password, reset it from the sign-in page.",
    ],
    { label: "Sign in", url: linkTo("/signin") },
  );
}

export function resetPasswordMail(to: string, token: string): Mail {
  return compose(
    to,
    "Reset your password",
    [
      "Someone (we hope you) asked to reset the password of your Gatehouse account. The link works once, for 30 minutes; a newer link replaces it.",
    ],
    {
      label: "Choose a new password",
      url: linkTo("/reset-password", { token }),
    },
    ["If you did not ask, ignore this mail: your password stays as it is."],
  );
}

export function confirmNewEmailMail(to: string, token: string): Mail {
  return compose(
    to,
    "Confirm your new email address",
    [
      "Confirm that this is the new address for your Gatehouse account. Until you do, your account keeps its old address. The link works once, for 24 hours.",
    ],
    {
      label: "Confirm my new address",
      url: linkTo("/email-change", { token }),
    },
  );
}

export function emailChangedMail(to: string, newEmail: string, undoToken: string): Mail {
  return compose(
    to,
    "Your email address was changed",
    [
      `The address of your Gatehouse account was changed to ${newEmail}. Sign-in now uses the new address.`,
      "If you did not do this, undo it within 7 days: your old address comes back and every session of the account ends.",
    ],
    {
      label: "Undo the change",
      url: linkTo("/email-change/undo", { token: undoToken }),
    },
  );
}

export function passwordChangedMail(to: string): Mail {
  return compose(
    to,
    "Your password was changed",
    [
      "The password of your Gatehouse account was changed. If you did not do this, reset it now from the sign-in page and tell an admin.",
    ],
    {
      label: "Reset my password",
      url: linkTo("/forgot-password"),
    },
  );
}

export function accountDeletedMail(to: string): Mail {
  return compose(to, "Your account was deleted", [
    "Your Gatehouse account and its sign-in methods, sessions and API tokens were deleted. Articles you wrote stay, shown as by a former member.",
  ]);
}

/** "View as": the person viewed is told who, when and why, and where to see it. */
export function viewedAsYouMail(to: string, viewer: string, reason: string, minutes: number): Mail {
  return compose(
    to,
    "Someone is viewing Gatehouse as you",
    [
      `${viewer} started viewing Gatehouse as you, to help with: “${reason}”.`,
      `They see what you see, read-only: they cannot change anything, sign in to apps or make tokens as you. It ends within ${minutes} minutes, or when they stop.`,
      "If you did not expect this, tell an admin.",
    ],
    { label: "See it in your sessions", url: linkTo("/settings/sessions") },
  );
}

export function webhookPausedMail(to: string, url: string, attempts: number): Mail {
  return compose(
    to,
    "A webhook endpoint was paused",
    [
      `Gatehouse paused the webhook endpoint ${url}: an event failed every one of its ${attempts} attempts to be delivered, spread over the retry schedule.`,
      "Nothing is lost: events keep being recorded, and go out in order once the endpoint is resumed. Check that the receiver is up and answers 2xx, then resume it.",
    ],
    { label: "See the endpoint's delivery log", url: linkTo("/admin/webhooks") },
  );
}

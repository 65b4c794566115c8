import type { KoaContextWithOIDC } from "oidc-provider";
import { DEVICE_CODE_FOUND_HEADER } from "@/lib/auth/oauth-server/device-throttle";
import { findApp } from "@/lib/auth/oauth-server/apps/queries";

// The pages the provider renders itself: the device flow's three (RFC 8628: enter the code a TV or a
// command-line tool shows, confirm it, done), an app's sign-out request and its outcome, and errors.
// Plain HTML in Gatehouse's colours, readable on a phone; the provider supplies the forms (with their
// anti-forgery field), which post to itself.

const escape = (value: unknown) => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f8fafc;color:#0f172a}
header{max-width:24rem;margin:2rem auto 0;padding:0 .25rem}header a{display:inline-flex;align-items:center;gap:.5rem;font-weight:700;color:inherit;text-decoration:none}
header span{display:grid;place-items:center;width:1.75rem;height:1.75rem;border-radius:.375rem;background:#4f46e5;color:#fff;font-size:.875rem}
main{max-width:24rem;margin:1rem auto 3rem;padding:1.5rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;box-shadow:0 1px 2px rgb(0 0 0/.05)}
h1{font-size:1.25rem;margin:0 0 .75rem}p{font-size:.9rem;line-height:1.5}
input[type=text]{box-sizing:border-box;width:100%;height:2.75rem;font-size:1.1rem;text-align:center;text-transform:uppercase;letter-spacing:.1em;border:1px solid #cbd5e1;border-radius:.375rem;margin:.25rem 0 .75rem}
label{font-size:.9rem;font-weight:600}button{width:100%;min-height:2.5rem;border:0;border-radius:.375rem;background:#4f46e5;color:#fff;font-weight:600;font-size:.9rem;margin-top:.5rem;cursor:pointer}
button.secondary,button[name=abort]{background:transparent;color:#475569}a{color:#4338ca}.error{color:#b91c1c}code{font-size:1.4rem;letter-spacing:.1em}.detail{color:#475569;font-size:.875rem}.detail code{font-size:.875rem;letter-spacing:0;word-break:break-all}
@media (prefers-color-scheme:dark){body{background:#020617;color:#e2e8f0}main{background:#0f172a;border-color:#1e293b}input[type=text]{background:#0f172a;color:#e2e8f0;border-color:#334155}button.secondary,button[name=abort]{color:#94a3b8}a{color:#a5b4fc}.error{color:#f87171}.detail{color:#94a3b8}}`;

function document(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)} · Gatehouse</title><style>${STYLE}</style></head><body><header><a href="/"><span aria-hidden="true">G</span>Gatehouse</a></header><main>${body}</main></body></html>`;
}

function page(ctx: KoaContextWithOIDC, title: string, body: string) {
  ctx.type = "html";
  ctx.body = document(title, body);
}

/** The answer when a network has entered too many codes (lib/auth/oauth-server/device-throttle.ts). */
export function tooManyCodesPage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return document(
    "Too many codes",
    `<h1>Too many codes</h1><p class="error" role="alert">Too many codes were entered from your network. Wait ${minutes} ${minutes === 1 ? "minute" : "minutes"} and try again.</p><p>If your device's code expires meanwhile, start again on the device to get a new one.</p>`,
  );
}

/** The device page's form sent from a browser that does not hold the session the page was made in. */
export function deviceFormExpiredPage(devicePath: string): string {
  return document(
    "Open the device page again",
    `<h1>Open the device page again</h1><p class="error" role="alert">This form is no longer valid in this browser (it was opened elsewhere, or too long ago).</p><p><a href="${devicePath}">Open the device page</a> and enter the code your device shows.</p>`,
  );
}

/** The provider's input has only a placeholder: give it a label people and screen readers can read. */
function labelledCodeInput(form: string): string {
  return `<label for="user-code">Code shown on your device</label>${form.replace('name="user_code" placeholder', 'id="user-code" name="user_code" placeholder')}`;
}

export async function userCodeInputSource(
  ctx: KoaContextWithOIDC,
  form: string,
  _out: unknown,
  error?: Error & { userCode?: string },
) {
  const message =
    error && (error.userCode || error.name === "NoCodeError")
      ? '<p class="error" role="alert">That code is not right, or it has expired. Check the code on your device and try again.</p>'
      : error
        ? '<p class="error" role="alert">Something went wrong with that request. Start again on your device.</p>'
        : "<p>Type the code your TV, app or command-line tool shows you.</p>";
  page(
    ctx,
    "Connect a device",
    `<h1>Connect a device</h1>${message}${labelledCodeInput(form)}<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

export async function userCodeConfirmSource(
  ctx: KoaContextWithOIDC,
  form: string,
  client: { clientName?: string; clientId: string },
  _deviceInfo: unknown,
  userCode: string,
) {
  ctx.set(DEVICE_CODE_FOUND_HEADER, "1");
  page(
    ctx,
    "Confirm the device",
    `<h1>Is this the code on your device?</h1><p><code>${escape(userCode)}</code></p><p><strong>${escape(client.clientName ?? client.clientId)}</strong> is asking to use your Gatehouse account. Continue only if you started this on a device you have with you.</p>${form}<button type="submit" form="op.deviceConfirmForm" autofocus>Yes, continue</button><button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">No, cancel</button>`,
  );
}

export async function successSource(ctx: KoaContextWithOIDC) {
  const name = ctx.oidc.client?.clientName ?? "The app";
  page(
    ctx,
    "Device connected",
    `<h1>Done</h1><p>${escape(name)} is connected. You can go back to your device and close this page.</p>`,
  );
}

/** An app sent the person here to sign out (RP-initiated logout): yes ends Gatehouse's session too. */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  const name = ctx.oidc.client?.clientName;
  page(
    ctx,
    "Sign out",
    `<h1>Sign out of Gatehouse?</h1><p>${name ? `<strong>${escape(name)}</strong> asks to sign you out.` : "An app asks to sign you out."} This signs you out of Gatehouse in this browser, and of the apps you signed in to with it here.</p>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button><button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
  );
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  page(
    ctx,
    "Signed out",
    `<h1>You are signed out</h1><p>You are signed out of Gatehouse in this browser.</p><p><a href="/signin">Sign in again</a></p>`,
  );
}

// What a person is told when an app's request stops here, by the protocol's error code; the
// provider's own wording ("client is invalid") is for the app's developer, shown below it.
const ERROR_MEANINGS: Record<string, string> = {
  invalid_client:
    "This app is not available: it is not registered with Gatehouse, or it was turned off or removed. Nothing was shared with it.",
  invalid_redirect_uri:
    "The app asked to send you back to an address it has not registered with Gatehouse, so the request was stopped. Nothing was shared with it.",
  invalid_request: "The app sent a request Gatehouse cannot accept. Nothing was shared with it.",
  invalid_scope: "The app asked for access Gatehouse does not give. Nothing was shared with it.",
  unauthorized_client: "This app may not sign people in this way. Nothing was shared with it.",
  access_denied: "Access was not given. Nothing was shared with the app.",
};

/**
 * Why a registered app is not available, in the person's words: the provider says only "client is
 * invalid" whether the app does not exist, was turned off or waits for an admin's approval.
 */
async function unavailableApp(clientId: unknown): Promise<string | undefined> {
  if (typeof clientId !== "string" || clientId.length > 200) return undefined;
  const app = await findApp(clientId);
  if (!app) return undefined;
  if (app.disabledAt || app.owner?.disabledAt)
    return "This app was turned off by your organisation's admin. Nothing was shared with it.";
  if (app.review === "pending")
    return "This app is waiting for your organisation's admin to approve it. Nothing was shared with it.";
  if (app.review === "refused")
    return "Your organisation's admin did not approve this app. Nothing was shared with it.";
  return undefined;
}

export async function renderError(ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) {
  const specific = out.error === "invalid_client" ? await unavailableApp(ctx.oidc?.params?.client_id) : undefined;
  const meaning =
    specific ??
    ((out.error && Object.hasOwn(ERROR_MEANINGS, out.error) && ERROR_MEANINGS[out.error]) ||
      "The app's request could not go on.");
  const detail = out.error_description || out.error;
  page(
    ctx,
    "Request refused",
    `<h1>This request cannot go on</h1><p class="error" role="alert">${escape(meaning)}</p>` +
      (detail ? `<p class="detail">For the app's developer: <code>${escape(detail)}</code></p>` : "") +
      `<p>Go back to the app you came from and try again, or ask the person who runs it. <a href="/">Gatehouse home</a></p>`,
  );
}

import type { KoaContextWithOIDC } from "oidc-provider";

// The device flow's three pages (RFC 8628), which the provider renders itself: enter the code a TV
// or a command-line tool shows, confirm it, and done. Plain HTML in Gatehouse's colours, readable on a
// phone; the provider supplies the forms (with their anti-forgery field), which post to itself.

const escape = (value: unknown) => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:24rem;margin:3rem auto;padding:1.5rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}
h1{font-size:1.25rem;margin:0 0 .75rem}p{font-size:.9rem;line-height:1.5}
input[type=text]{box-sizing:border-box;width:100%;height:2.75rem;font-size:1.1rem;text-align:center;text-transform:uppercase;letter-spacing:.1em;border:1px solid #cbd5e1;border-radius:.375rem;margin:.25rem 0 .75rem}
label{font-size:.9rem;font-weight:600}button{width:100%;min-height:2.5rem;border:0;border-radius:.375rem;background:#4f46e5;color:#fff;font-weight:600;font-size:.9rem;margin-top:.5rem;cursor:pointer}
button[name=abort]{background:transparent;color:#475569}.error{color:#b91c1c}code{font-size:1.4rem;letter-spacing:.1em}
@media (prefers-color-scheme:dark){body{background:#020617;color:#e2e8f0}main{background:#0f172a;border-color:#1e293b}input[type=text]{background:#0f172a;color:#e2e8f0;border-color:#334155}button[name=abort]{color:#94a3b8}.error{color:#f87171}}`;

function page(ctx: KoaContextWithOIDC, title: string, body: string) {
  ctx.type = "html";
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(title)} · Gatehouse</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
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

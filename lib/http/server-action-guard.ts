import type { ErrorCode } from "@/lib/http/error-codes";
import { BodyTooLarge, mediaTypeOf, readBodyCapped } from "@/lib/http/body";

// Server actions are public POST endpoints, and Next answers some malformed action requests (a body
// over its 1 MB limit, a broken multipart body, a cross-site Origin) by throwing, which becomes a
// bare 500. Middleware refuses those requests first, with the right 4xx, so a client's mistake never
// looks like a server fault.
//
// This module reads React's private server-action wire format (the "$K<n>" / "$ACTION_…" envelope).
// Written against React 19.3.1 and Next 16.4.5; if either changes the envelope, the named-body and
// CSRF tests (tests/e2e/bad-bodies.spec.ts, csrf.spec.ts) and every e2e test that submits a form
// fail, since a real browser's post would be refused here.
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

export type ActionRefusal = { error: ErrorCode; message: string };

const CROSS_SITE: ActionRefusal = {
  error: "cross_site_request",
  message: "This form can only be sent from Gatehouse itself.",
};
const TOO_LARGE: ActionRefusal = { error: "payload_too_large", message: "The form is larger than 1 MB." };
const UNREADABLE: ActionRefusal = { error: "malformed_form", message: "The form could not be read." };
const PLAIN_FORM_PATHS = /^\/oauth\/interaction\/[\w-]{1,64}$/;
const FOREIGN: ActionRefusal = { error: "malformed_form", message: "The form is not one Gatehouse sent." };

/**
 * Checks a POST to a page: every such POST is (or pretends to be) a server action, with the
 * Next-Action header when JavaScript sent it, or as a plain multipart form with "$ACTION_…" fields
 * when the form was submitted before JavaScript loaded. Both kinds get the same checks.
 */
export async function refuseMalformedPagePost(request: Request, expectedOrigin: string): Promise<ActionRefusal | null> {
  if (request.method !== "POST") return null;

  // Cross-site requests are refused by Origin. Sec-Fetch-Site covers a browser request that arrives
  // without Origin; clients that send neither are not browsers, so carry no victim's cookies.
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  if ((origin !== null && origin !== expectedOrigin) || fetchSite === "cross-site" || fetchSite === "same-site")
    return CROSS_SITE;

  // Next hands middleware its own copy of the body (the page gets another), so it is read here
  // directly: reading a clone would leave the other branch of the tee to buffer and stall.
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyCapped(request, ACTION_BODY_LIMIT_BYTES);
  } catch (error) {
    return error instanceof BodyTooLarge ? TOO_LARGE : UNREADABLE;
  }
  const hasHeader = request.headers.has("next-action");
  const type = mediaTypeOf(request);
  // The OAuth consent answer is a plain HTML form posted to a route handler (so it works without
  // JavaScript and answers with a 303 to the provider), not a server action.
  if (PLAIN_FORM_PATHS.test(new URL(request.url).pathname)) {
    return type === "application/x-www-form-urlencoded" && !hasHeader
      ? null
      : {
          error: "unsupported_media_type",
          message: "Send this form as application/x-www-form-urlencoded.",
        };
  }
  if (type !== "multipart/form-data" && type !== "text/plain") {
    // A post that is not an action at all (no header, not a form) is Next's to answer.
    if (!hasHeader && body.byteLength === 0) return null;
    return { error: "unsupported_media_type", message: "Forms must be sent as multipart/form-data." };
  }

  // A call with arguments but no form (a sign-out button) arrives as text/plain: a JSON array.
  if (type === "text/plain") {
    const args = parseJson(new TextDecoder().decode(body));
    return args.ok && Array.isArray(args.value) && referencesResolve(args.value) ? null : FOREIGN;
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
  } catch {
    return UNREADABLE;
  }
  return hasActionEnvelope(form) ? null : FOREIGN;
}

function parseJson(value: FormDataEntryValue | string | null): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== "string") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

/**
 * Every "$…" string in a decoded reply must be an escape ("$$…") or a FormData reference ("$K<n>",
 * which may be empty: a form with no fields). Other references point at parts that React would
 * wait for, and fail on, when they are missing.
 */
function referencesResolve(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (typeof value === "string") return !value.startsWith("$") || value.startsWith("$$") || /^\$K\d+$/.test(value);
  if (Array.isArray(value)) return value.every((item) => referencesResolve(item, depth + 1));
  if (value !== null && typeof value === "object")
    return Object.values(value).every((item) => referencesResolve(item, depth + 1));
  return true;
}

/**
 * The envelope React puts around a server action call. With JavaScript: a field "0" holding the
 * arguments as a JSON array, whose "$K<n>" strings point at the form's fields ("_<n>_name").
 * Without: "$ACTION_ID_<id>", or "$ACTION_REF_<n>" with "$ACTION_<n>:0" naming the action and
 * "$ACTION_<n>:1" holding bound arguments. React's decoder throws on anything else, and Next
 * would answer 500.
 */
function hasActionEnvelope(form: FormData): boolean {
  const keys = [...form.keys()];
  // Browsers escape quotes and control characters in field names; Next's multipart parser fails on raw ones.
  if (keys.some((key) => /["\u0000-\u001f\u007f]/.test(key))) return false;
  const root = parseJson(form.get("0"));
  if (root.ok) return Array.isArray(root.value) && referencesResolve(root.value);
  if (keys.some((key) => /^\$ACTION_ID_[0-9a-f]+$/.test(key))) return true;
  const ref = keys.map((key) => key.match(/^\$ACTION_REF_(\d+)$/)).find((match) => match !== null);
  if (!ref) return false;
  const meta = parseJson(form.get(`$ACTION_${ref[1]}:0`));
  if (
    !meta.ok ||
    typeof meta.value !== "object" ||
    meta.value === null ||
    typeof (meta.value as { id?: unknown }).id !== "string"
  )
    return false;
  const bound = form.get(`$ACTION_${ref[1]}:1`);
  if (bound === null) return true;
  const args = parseJson(bound);
  return args.ok && Array.isArray(args.value) && referencesResolve(args.value);
}

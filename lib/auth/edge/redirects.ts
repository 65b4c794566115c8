// Where a person may be sent after signing in (or any other step that takes a "come back to" value
// from a URL, a form or a cookie). Only paths on this origin. The rule is checked on the value that
// is finally used, after URL normalisation: "/.//evil.example" and "/%2e//evil.example" are paths on
// the way in but normalise to the protocol-relative "//evil.example", which a browser would follow
// off-site. Edge-safe: middleware uses it too.
import { SECOND_FACTOR_SETUP_PATH } from "@/lib/auth/policy";

const FALLBACK = "/dashboard";
const BASE = "http://gatehouse.invalid";

/** A path a browser resolves on our origin whatever the base: one slash, then not a slash or backslash. */
function isOnOrigin(path: string): boolean {
  return path.startsWith("/") && path[1] !== "/" && path[1] !== "\\" && new URL(path, BASE).origin === BASE;
}

export function safeCallbackPath(raw: unknown, fallback: string = FALLBACK): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  // Backslashes count as slashes in browsers' URL parsing, and control characters (tab, newline) are
  // stripped by it: either can smuggle a host into what looks like a path.
  if (!raw.startsWith("/") || raw.includes("\\") || /[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  try {
    const url = new URL(raw, BASE);
    if (url.origin !== BASE) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    return isOnOrigin(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

export function signInPathFor(callbackPath: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(callbackPath))}`;
}

/** Where a person whose role requires a second factor goes first, and the page they asked for after. */
export function secondFactorSetupPathFor(callbackPath: string): string {
  const next = safeCallbackPath(callbackPath, "");
  // Already on its way there (a sign-in that began on the setup page): as it is, with its own `next`.
  if (next.startsWith(`${SECOND_FACTOR_SETUP_PATH}?`)) return next;
  const carried = next && !next.startsWith(SECOND_FACTOR_SETUP_PATH) ? `&next=${encodeURIComponent(next)}` : "";
  return `${SECOND_FACTOR_SETUP_PATH}?required=1${carried}`;
}

/**
 * Auth.js's redirect callback: every redirect its own endpoints make (sign-in, sign-out, the provider
 * callback) goes through the same rule, as an absolute URL on `baseUrl`.
 */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  let candidate: string = url;
  try {
    const parsed = new URL(url, baseUrl);
    candidate = parsed.origin === new URL(baseUrl).origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : "";
  } catch {
    candidate = "";
  }
  return new URL(safeCallbackPath(candidate), baseUrl).href;
}

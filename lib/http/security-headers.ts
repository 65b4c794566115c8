// Security headers. The Content-Security-Policy needs a fresh nonce per request, so middleware sets
// it on every page; the rest are static and next.config.js sets them on every response.

/**
 * A policy with no 'unsafe-inline' for scripts: only scripts carrying this request's nonce run.
 * `signInOrigins` are the external sign-in providers' origins: a sign-in form posts to our server,
 * which redirects to the provider, and form-action also governs where that redirect may go.
 */
export function contentSecurityPolicy(
  nonce: string,
  isProduction: boolean,
  signInOrigins: readonly string[] = [],
  pathname = "/",
): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonce'd Next.js bootstrap load its own chunks; dev adds eval for React Refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isProduction ? "" : " 'unsafe-eval'"}`,
    // Next and React set style attributes at run time; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${showsAppLogos(pathname) ? " https:" : ""}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    // Nothing on a page may move its relative addresses elsewhere: Gatehouse sets no <base>.
    "base-uri 'none'",
    ["form-action 'self'", ...signInOrigins].join(" "),
    "frame-ancestors 'none'",
    ...(isProduction ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

// Apps' logos are their owners' https addresses, shown where a person decides about an app: only
// these pages load images from other origins (an admin's pages never do, so an app owner cannot
// learn when an admin looks at the list).
const APP_LOGO_PATHS = ["/oauth/interaction/", "/settings/apps", "/settings/connected-apps"];

function showsAppLogos(pathname: string): boolean {
  return APP_LOGO_PATHS.some(
    (prefix) => pathname === prefix || pathname.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`),
  );
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

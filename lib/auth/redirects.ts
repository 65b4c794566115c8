// Where a signed-in person may be sent after signing in. Only same-origin paths: an absolute URL,
// a protocol-relative "//host" or a backslash trick would turn the sign-in page into an open redirect.
const FALLBACK = "/dashboard";

export function safeCallbackPath(raw: unknown, fallback: string = FALLBACK): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return fallback;
  // Control characters (tab, newline) are stripped by URL parsers and can smuggle a host in.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return fallback;
  try {
    const base = "http://gatehouse.invalid";
    const url = new URL(raw, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

export function signInPathFor(callbackPath: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(callbackPath))}`;
}

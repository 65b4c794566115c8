// Signing in over plain HTTP through Auth.js's own endpoints, as a browser's form would (the CSRF
// cookie and token, then the credentials callback), for load generators and benchmarks that do not
// drive a browser.

/**
 * @param {string} origin where the app (or the proxy in front of it) answers
 * @param {Record<string, string>} [headers] sent with both requests (a load generator's X-Forwarded-For)
 * @returns {Promise<{ cookie: string } | { failed: Response }>} the session cookie ("name=value"),
 *   or the answer that did not sign in (a refusal redirects without a session cookie)
 */
export async function signInOverHttp(origin, email, password, headers = {}) {
  const csrf = await fetch(`${origin}/api/auth/csrf`, { headers });
  if (!csrf.ok) return { failed: csrf };
  const jar = csrf.headers.getSetCookie().map((line) => line.split(";")[0]);
  const { csrfToken } = await csrf.json();
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/dashboard` }),
  });
  const session = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .find((pair) => /authjs\.session-token=/.test(pair));
  return session && response.status === 302 ? { cookie: session } : { failed: response };
}

/** The session cookie, or an error naming who could not sign in. */
export async function sessionCookieFor(origin, email, password, headers = {}) {
  const outcome = await signInOverHttp(origin, email, password, headers);
  if ("failed" in outcome) throw new Error(`${email} could not sign in (${outcome.failed.status})`);
  return outcome.cookie;
}

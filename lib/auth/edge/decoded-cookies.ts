import { decode, type JWT } from "next-auth/jwt";

// Decrypting the session cookie is the largest fixed cost of a signed-in request (about 0.2–0.4 ms
// here, much of it a hop to the crypto thread pool), and a browser sends the same cookie for
// minutes. Decryption is a pure function of the cookie and the secret, so its result is remembered
// per cookie value (the most recently used DECODED_LIMIT of them), by middleware in its runtime and
// by the Node side in its own. This is not a cache of anything that can change: the expiry is checked
// on every use, and whether the session is still live is asked of the database on every request, as
// before (getCurrentPerson). A cookie that fails to decrypt is not remembered.

const DECODED_LIMIT = 5_000;
const CLOCK_TOLERANCE_SECONDS = 15; // as Auth.js's own decode
const decoded = new Map<string, JWT>();

/** Auth.js's decode, remembering what it decrypted; pass it to getToken as `decode`. */
export async function decodeRemembered(params: Parameters<typeof decode>[0]): Promise<JWT | null> {
  const key = `${params.salt}\u0000${params.token}`;
  const known = decoded.get(key);
  if (known) {
    decoded.delete(key);
    if (typeof known.exp === "number" && (known.exp + CLOCK_TOLERANCE_SECONDS) * 1000 <= Date.now()) return null;
    decoded.set(key, known);
    return known;
  }
  const payload = await decode(params);
  if (payload && params.token) {
    // Shared by every request that sends this cookie: nobody may change it.
    decoded.set(key, Object.freeze(payload));
    if (decoded.size > DECODED_LIMIT) decoded.delete(decoded.keys().next().value!);
  }
  return payload;
}

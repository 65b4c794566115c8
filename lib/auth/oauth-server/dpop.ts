import { createHash } from "node:crypto";
import { EmbeddedJWK, calculateJwkThumbprint, jwtVerify, type JWK } from "jose";
import { db, isPrismaError } from "@/lib/db";
import { env } from "@/lib/env";
import { rateLimitStore } from "@/lib/rate-limit/limiter";

// DPoP (RFC 9449) at the resource servers Gatehouse runs (the REST API, userinfo): a token the OAuth
// server bound to a key (its cnf.jkt) is worth nothing without a fresh proof, signed by that key, for
// this very request. The proof's checks are the RFC's (§4.3, §7.1), verified with jose; what is ours
// is where the replay memory lives (one place for every instance, as with the throttles).

/** The algorithms the OAuth server accepts for proofs (oidc-provider's default), and so do we. */
export const DPOP_ALGORITHMS = ["ES256", "Ed25519", "EdDSA"];

/** How far a proof's iat may be from now: the RFC leaves it to us; oidc-provider uses the same. */
const IAT_WINDOW_SECONDS = 300;

export type DpopProblem = { error: "invalid_dpop_proof" | "invalid_token"; description: string };

/** The URL a proof must name for a request: AUTH_URL's origin and the path, without query or fragment. */
export function htuFor(request: Request): string {
  const path = new URL(request.url).pathname;
  return new URL(path, env.AUTH_URL).href;
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");

/**
 * Checks the DPoP proof sent with a DPoP-bound access token. Null when it holds; otherwise what is
 * wrong, for the 401's WWW-Authenticate.
 */
export async function verifyDpopProof(
  request: Request,
  accessToken: string,
  boundTo: string,
): Promise<DpopProblem | null> {
  const proofs = request.headers.get("dpop");
  if (!proofs) return { error: "invalid_token", description: "This token is DPoP-bound: send a DPoP proof with it" };
  if (proofs.includes(",")) return { error: "invalid_dpop_proof", description: "Send exactly one DPoP proof" };
  let payload: Record<string, unknown>;
  let jwk: JWK;
  try {
    const verified = await jwtVerify(proofs, EmbeddedJWK, { typ: "dpop+jwt", algorithms: DPOP_ALGORITHMS });
    payload = verified.payload;
    jwk = verified.protectedHeader.jwk as JWK;
  } catch {
    return { error: "invalid_dpop_proof", description: "The DPoP proof is not a valid signed dpop+jwt" };
  }
  const { htm, htu, iat, jti, ath } = payload;
  if (typeof jti !== "string" || jti.length === 0 || jti.length > 256)
    return { error: "invalid_dpop_proof", description: "The DPoP proof has no jti" };
  if (typeof iat !== "number" || Math.abs(Date.now() / 1000 - iat) > IAT_WINDOW_SECONDS)
    return { error: "invalid_dpop_proof", description: "The DPoP proof is too old or from the future" };
  if (htm !== request.method)
    return { error: "invalid_dpop_proof", description: "The DPoP proof is for another HTTP method" };
  if (typeof htu !== "string" || normalisedHtu(htu) !== htuFor(request))
    return { error: "invalid_dpop_proof", description: "The DPoP proof is for another URL" };
  if (ath !== base64url(createHash("sha256").update(accessToken).digest()))
    return { error: "invalid_dpop_proof", description: "The DPoP proof is for another access token" };
  if ((await calculateJwkThumbprint(jwk)) !== boundTo)
    return { error: "invalid_token", description: "The DPoP proof is signed by a key the token is not bound to" };
  if (!(await firstUse(`${boundTo}:${jti}`)))
    return { error: "invalid_dpop_proof", description: "This DPoP proof was used before: make a new one" };
  return null;
}

function normalisedHtu(htu: string): string | null {
  const url = URL.parse(htu);
  if (!url) return null;
  url.search = "";
  url.hash = "";
  return url.href;
}

// A proof's jti is remembered for as long as its iat keeps it acceptable (both sides of now), in
// Redis when the throttles use it, otherwise in the database: every instance sees every proof.
const REMEMBER_MS = 2 * IAT_WINDOW_SECONDS * 1000;

async function firstUse(key: string): Promise<boolean> {
  const id = createHash("sha256").update(key).digest("base64url");
  if (env.RATE_LIMIT_REDIS_URL) return (await rateLimitStore().hit(`dpop:${id}`, REMEMBER_MS)).count === 1;
  try {
    await db.oAuthRecord.create({
      data: {
        kind: "ReplayDetection",
        id: `api-dpop:${id}`,
        payload: "{}",
        expiresAt: new Date(Date.now() + REMEMBER_MS),
      },
    });
    return true;
  } catch (error) {
    if (isPrismaError(error, "P2002")) return false;
    throw error;
  }
}

import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { findLinkedPerson, signInMethodsOf } from "@/lib/auth/providers/queries";
import { findPersonByEmail } from "@/lib/people/queries";
import type { OAuthProviderSettings } from "@/lib/auth/edge/providers";

// Who may finish an OAuth sign-in, and as whom. Auth.js verifies the flow itself (state, PKCE,
// nonce, the ID token); this module decides what the verified identity may do with our accounts.

/** The person signed in when the provider sent the browser back, if any: then this is a link. */
export type SignedInPerson = { id: string; email: string; sid: string | null };

const callbackContext = new AsyncLocalStorage<{ signedIn: SignedInPerson | null }>();

/**
 * Runs an Auth.js callback request knowing who is signed in. lib/auth/session/route-handler.ts has checked the
 * session cookie against the database first (a signed-out or disabled session is not "signed in").
 */
export function withSignedInPerson<T>(signedIn: SignedInPerson | null, work: () => Promise<T>): Promise<T> {
  return callbackContext.run({ signedIn }, work);
}

export function signedInPerson(): SignedInPerson | null {
  return callbackContext.getStore()?.signedIn ?? null;
}

export const PROBLEM_REASONS = ["account-exists", "linked-elsewhere", "disabled", "no-email"] as const;
export type ProblemReason = (typeof PROBLEM_REASONS)[number];

export function problemPath(reason: ProblemReason, provider: string, methods?: readonly string[]): string {
  const search = new URLSearchParams({ reason, provider });
  if (methods?.length) search.set("methods", methods.join(","));
  return `/signin/problem?${search}`;
}

/** Whether the provider vouches that the person controls this email (OIDC's email_verified claim). */
export function providerVerifiedEmail(
  settings: Pick<OAuthProviderSettings, "assertsVerifiedEmail"> | undefined,
  profile: unknown,
): boolean {
  if (!settings?.assertsVerifiedEmail || typeof profile !== "object" || profile === null) return false;
  const claim = (profile as { email_verified?: unknown }).email_verified;
  // Some issuers send the claim as the string "true".
  return claim === true || claim === "true";
}

export type OAuthSignInAttempt = {
  provider: string;
  providerAccountId: string;
  email: string | null | undefined;
  emailVerifiedByProvider: boolean;
};

/** true to let Auth.js go on; otherwise the path of the page that explains why not. */
export async function decideOAuthSignIn(attempt: OAuthSignInAttempt): Promise<true | string> {
  const signedIn = signedInPerson();
  const linkedTo = await findLinkedPerson(attempt.provider, attempt.providerAccountId);

  if (linkedTo) {
    if (signedIn && linkedTo.id !== signedIn.id) return problemPath("linked-elsewhere", attempt.provider);
    if (linkedTo.disabledAt) return problemPath("disabled", attempt.provider);
    return true;
  }
  // Signed in and this external account is free: Auth.js links it to the signed-in person.
  if (signedIn) return true;

  if (!attempt.email) return problemPath("no-email", attempt.provider);
  const existing = await findPersonByEmail(attempt.email);
  if (!existing) return true; // A new person: Auth.js creates the account with role "user".
  if (existing.disabledAt) return problemPath("disabled", attempt.provider);

  // Linking by email alone is safe only when both sides proved control of the address: the
  // provider says it verified it, and our account's address was itself confirmed (by the link we
  // mailed to it, or by a provider). Someone who registered a victim's address with a password
  // cannot confirm it (pre-account takeover), so they cannot collect the victim's provider sign-in,
  // and a provider that does not verify addresses cannot take over a password account.
  if (attempt.emailVerifiedByProvider && existing.emailVerified) return true;

  const methods = await signInMethodsOf(existing.id);
  return problemPath("account-exists", attempt.provider, [
    ...(methods.hasPassword ? ["password"] : []),
    ...methods.providers,
  ]);
}

import "server-only";
import { cache } from "react";
import {
  ROLE_REFUSAL_MESSAGE,
  SECOND_FACTOR_REQUIRED_MESSAGE,
  VERIFY_EMAIL_MESSAGE,
  decide,
  type Capability,
  type Refusal,
} from "@/lib/auth/policy";
import { pastAbsoluteLimit } from "@/lib/auth/edge/config";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { sessionToken } from "@/lib/auth/session/current-session";
import { livePersonFor } from "@/lib/auth/session/live-session";
import { noteRequestPerson } from "@/lib/server/request-log";

export type CurrentPerson = {
  id: string;
  email: string;
  name: string | null;
  /** A built-in role's name or a custom role's. */
  role: string;
  /** What the role carries now (read with the person on this request). */
  capabilities: readonly Capability[];
  emailVerified: boolean;
  hasSecondFactor: boolean;
  /** The role requires a second factor this person has not set up yet: they may only set one up. */
  secondFactorMissing: boolean;
  /** When this session last proved who the person is (sign-in, or confirming again). */
  authenticatedAt: Date;
};

/**
 * The signed-in person as the database sees them now, or null. The cookie is decrypted once and
 * checked against the database in one query (lib/auth/session/live-session.ts): the role is the
 * current one, and a disabled person or an ended session comes back as null. Cached per request.
 *
 * This is the same rule as the jwt callback that Auth.js's auth() runs, without auth() itself:
 * auth() also re-encrypts the cookie, which a server component cannot even send, and which costs
 * more than the database read. Cookies are re-issued by middleware (lib/auth/edge/session-claims.ts).
 */
export const getCurrentPerson = cache(async (): Promise<CurrentPerson | null> => {
  const token = await sessionToken();
  if (!token || pastAbsoluteLimit(token)) return null;
  const person = await livePersonFor(token);
  if (!person) return null;
  noteRequestPerson(person.id);
  return {
    id: person.id,
    email: person.email,
    name: person.name ?? null,
    role: person.role,
    capabilities: person.capabilities,
    emailVerified: Boolean(person.emailVerified),
    hasSecondFactor: person.hasSecondFactor,
    secondFactorMissing: person.secondFactorMissing,
    authenticatedAt: person.authenticatedAt,
  };
});

export class AccessError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/**
 * For actions and route handlers: throws AccessError, which their guards turn into a clear answer.
 * `capability` null asks only for a signed-in person, confirmed address or second factor set up or not
 * (the actions on the "check your inbox" page, and setting up a second factor).
 */
export async function requireCapability(capability: Capability | null): Promise<CurrentPerson> {
  const person = await getCurrentPerson();
  const decision = decide(person, capability === null ? "session" : { capability }, policyOptions);
  if (decision.allowed && person) return person;
  const reason = decision.allowed ? "signed-out" : decision.reason;
  throw new AccessError(reason === "signed-out" ? 401 : 403, REFUSED[reason]);
}

/** What a person is told, for each reason the policy gives (a session has no scopes to lack). */
const REFUSED: Record<Refusal, string> = {
  "signed-out": "Your session has ended. Sign in again to continue.",
  "email-unverified": VERIFY_EMAIL_MESSAGE,
  "second-factor-missing": SECOND_FACTOR_REQUIRED_MESSAGE,
  scope: ROLE_REFUSAL_MESSAGE,
  role: ROLE_REFUSAL_MESSAGE,
};

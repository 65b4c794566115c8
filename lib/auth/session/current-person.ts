import "server-only";
import { cache } from "react";
import {
  ROLE_REFUSAL_MESSAGE,
  VERIFY_EMAIL_MESSAGE,
  can,
  isRole,
  mustVerifyEmail,
  type Capability,
  type Role,
} from "@/lib/auth/policy";
import { auth } from "@/lib/auth/session/nextauth";
import { policyOptions } from "@/lib/auth/edge/policy-options";

export type CurrentPerson = { id: string; email: string; name: string | null; role: Role; emailVerified: boolean };

/**
 * The signed-in person as the database sees them now, or null. auth() runs the jwt callback in
 * lib/auth/session/nextauth.ts, which re-reads the person on every request: the role is the current
 * one, and a disabled person or an ended session comes back as null. Cached per request.
 */
export const getCurrentPerson = cache(async (): Promise<CurrentPerson | null> => {
  const session = await auth();
  const person = session?.user;
  if (!person?.id || !person.email || !isRole(person.role)) return null;
  return {
    id: person.id,
    email: person.email,
    name: person.name ?? null,
    role: person.role,
    emailVerified: person.verified === true,
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
 * `capability` null asks only for a signed-in person, confirmed address or not (the actions on the
 * "check your inbox" page).
 */
export async function requireCapability(capability: Capability | null): Promise<CurrentPerson> {
  const person = await getCurrentPerson();
  if (!person) throw new AccessError(401, "Your session has ended. Sign in again to continue.");
  if (capability === null) return person;
  if (mustVerifyEmail(person, policyOptions)) throw new AccessError(403, VERIFY_EMAIL_MESSAGE);
  if (!can(person, capability)) throw new AccessError(403, ROLE_REFUSAL_MESSAGE);
  return person;
}

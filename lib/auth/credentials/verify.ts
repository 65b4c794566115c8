import "server-only";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/auth/credentials/hashing";
import { isBuiltInRole, isCustomRoleName } from "@/lib/auth/policy";
import { signInSchema } from "@/lib/auth/credentials/schemas";
import { findPersonWithPassword, insertPasswordPerson } from "@/lib/people/queries";

export type AuthenticatedPerson = {
  id: string;
  email: string;
  name: string | null;
  role: string;
  sessionVersion: number;
  emailVerified: Date | null;
};

/**
 * The signed-in person Auth.js makes its session from, as every way of signing in hands it over (a
 * password, a second step, a passkey): null for a disabled account or a role that is not one.
 */
export function toSignedIn(row: {
  id: string;
  email: string;
  name: string | null;
  role: string;
  sessionVersion: number;
  emailVerified: Date | null;
  disabledAt: Date | null;
}): AuthenticatedPerson | null {
  // Whether a custom role still exists is the session's first read (lib/auth/session/live-session.ts).
  if (row.disabledAt || !(isBuiltInRole(row.role) || isCustomRoleName(row.role))) return null;
  const { id, email, name, role, sessionVersion, emailVerified } = row;
  return { id, email, name, role, sessionVersion, emailVerified };
}

/**
 * Registers a person with role `user`. Returns the new person or "exists"; callers must answer both the
 * same way so sign-up does not reveal which emails are registered. The hash is computed in both
 * cases so the two take the same time.
 */
export async function registerWithPassword(input: {
  email: string;
  password: string;
  name?: string;
}): Promise<{ id: string; email: string } | "exists"> {
  const passwordHash = await hashPassword(input.password);
  // The role is fixed here, never read from the request.
  const person = await insertPasswordPerson({ email: input.email, name: input.name, passwordHash, role: "user" });
  return person ? { id: person.id, email: person.email } : "exists";
}

/** The normalised email a sign-in attempt named, for the audit log; undefined when it named none. */
export function attemptedEmail(raw: unknown): string | undefined {
  const parsed = signInSchema.shape.email.safeParse((raw as { email?: unknown } | null)?.email);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Checks an email and password. Unknown email, wrong password, a provider-only account and a
 * disabled account all return null after the same amount of work.
 */
export async function verifyCredentials(raw: unknown): Promise<AuthenticatedPerson | null> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const person = await findPersonWithPassword(email);
  if (!person?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  const passwordMatches = await verifyPassword(person.passwordHash, password);
  return passwordMatches ? toSignedIn(person) : null;
}

import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/auth/password";
import { isRole, type Role } from "@/lib/auth/policy";
import { signInSchema } from "@/lib/auth/schemas";
import { findUserWithPassword, insertPasswordUser } from "@/lib/users/queries";

export type AuthenticatedUser = { id: string; email: string; name: string | null; role: Role; sessionVersion: number };

/**
 * Registers a person with role `user`. Returns the new person or "exists"; callers must answer both the
 * same way so sign-up does not reveal which emails are registered. The hash is computed in both
 * cases so the two take the same time.
 */
export async function registerWithPassword(input: { email: string; password: string; name?: string }): Promise<{ id: string; email: string } | "exists"> {
  const passwordHash = await hashPassword(input.password);
  // The role is fixed here, never read from the request.
  const user = await insertPasswordUser({ email: input.email, name: input.name, passwordHash, role: "user" });
  return user ? { id: user.id, email: user.email } : "exists";
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
export async function verifyCredentials(raw: unknown): Promise<AuthenticatedUser | null> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const user = await findUserWithPassword(email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  const passwordMatches = await verifyPassword(user.passwordHash, password);
  if (!passwordMatches || user.disabledAt || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

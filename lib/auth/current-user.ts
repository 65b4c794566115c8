import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth/auth";
import { ROLE_REFUSAL_MESSAGE, can, decideAccess, isRole, type Capability, type Role } from "@/lib/auth/policy";
import { signInPathFor } from "@/lib/auth/redirects";

export type CurrentUser = { id: string; email: string; name: string | null; role: Role };

/**
 * The signed-in person as the database sees them now, or null. auth() runs the jwt callback in
 * lib/auth/auth.ts, which re-reads the person on every request: the role is the current one, and a
 * disabled person or an ended session comes back as null. Cached per request.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name ?? null, role: user.role };
});

/** For pages: the same decision middleware makes, made again with the current role. */
export async function requirePageAccess(pathname: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  const decision = decideAccess(user, pathname);
  if (decision.outcome === "signin" || !user) redirect(signInPathFor(pathname));
  if (decision.outcome === "forbidden") forbidden();
  return user;
}

export class AccessError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** For actions and route handlers: throws AccessError, which their wrappers turn into a clear answer. */
export async function requireCapability(capability: Capability): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AccessError(401, "Your session has ended. Sign in again to continue.");
  if (!can(user, capability)) throw new AccessError(403, ROLE_REFUSAL_MESSAGE);
  return user;
}

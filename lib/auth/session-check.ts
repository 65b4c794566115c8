import type { JWT } from "next-auth/jwt";
import { isSessionEnded } from "@/lib/auth/ended-sessions";
import { isRole, type Role } from "@/lib/auth/policy";
import { findUserForSession, type SessionUserRow } from "@/lib/users/queries";

/**
 * The person a decoded session JWT stands for, as the database sees them now; null when that
 * session must count as signed out: the person is gone or disabled, their sessions were ended
 * (sessionVersion moved on), or this session was signed out (its sid is in EndedSession).
 */
export async function currentPersonFor(token: Pick<JWT, "sub" | "sid" | "sv">): Promise<(SessionUserRow & { role: Role }) | null> {
  const [person, ended] = await Promise.all([
    token.sub ? findUserForSession(token.sub) : null,
    typeof token.sid === "string" ? isSessionEnded(token.sid) : true,
  ]);
  if (ended || !person || person.disabledAt || person.sessionVersion !== token.sv || !isRole(person.role)) return null;
  return { ...person, role: person.role };
}

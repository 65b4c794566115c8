import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { env } from "@/lib/env";
import { capabilitiesOf, isBuiltInRole, type Capability } from "@/lib/auth/policy";
import { safeAuthRedirect } from "@/lib/auth/edge/redirects";

/** Seconds since the role in a token was last read from the database. */
export function roleAgeSeconds(token: Pick<JWT, "roleCheckedAt">): number {
  return Date.now() / 1000 - (typeof token.roleCheckedAt === "number" ? token.roleCheckedAt : 0);
}

/**
 * What the session cookie carries of a custom role, for the edge gate (which has no database): its
 * capabilities, re-read with the role (every ROLE_REFRESH_SECONDS, lib/auth/edge/session-claims.ts),
 * so an edit to the role binds at the edge within that bound too. A built-in role's are the code's,
 * so nothing is carried. Bounded: at most every capability's name once, about 150 bytes.
 */
export function capabilitiesClaim(person: { role: string; capabilities: readonly Capability[] }) {
  return isBuiltInRole(person.role) ? undefined : [...person.capabilities];
}

/** Absolute limit: however active, a session ends this long after sign-in. */
export function pastAbsoluteLimit(token: Pick<JWT, "authTime">): boolean {
  const signedInAt = typeof token.authTime === "number" ? token.authTime : 0;
  return Date.now() / 1000 - signedInAt > env.SESSION_ABSOLUTE_MAX_AGE_SECONDS;
}

// The edge-safe half of the Auth.js configuration: what middleware needs to read the session JWT.
// No adapter and no providers here, because the edge runtime cannot load Prisma or argon2.
// lib/auth/session/nextauth.ts adds those, and a jwt callback that re-reads the person from the database.
export const authConfig = {
  secret: env.AUTH_SECRET,
  // Secure cookies (and with them the __Secure- name prefix) in production; http://localhost in dev.
  useSecureCookies: env.isProduction,
  session: {
    strategy: "jwt",
    // Idle limit: the cookie is re-issued while the person is active and lapses after this much quiet.
    maxAge: env.SESSION_MAX_AGE_SECONDS,
  },
  // Every page Auth.js would render itself is one of ours instead, with our CSP and look.
  pages: { signIn: "/signin", signOut: "/signout", error: "/signin/problem", verifyRequest: "/signin" },
  // One short line per event: a refused password is routine, not a fault, and Auth.js's default
  // logger prints stacks. Nothing here ever includes credentials or tokens.
  logger: {
    error(error) {
      const type = "type" in error && typeof error.type === "string" ? error.type : error.name;
      if (type === "CredentialsSignin") console.warn("[auth] sign-in refused: email or password incorrect");
      else console.error(`[auth] ${type}: ${error.message.split("\n")[0]}`);
    },
    warn(code) {
      console.warn(`[auth] warning: ${code}`);
    },
    debug() {},
  },
  providers: [],
  callbacks: {
    // Auth.js's own endpoints redirect through the same rule as our sign-in form: same origin only.
    redirect({ url, baseUrl }) {
      return safeAuthRedirect(url, baseUrl);
    },
    jwt({ token, user }) {
      if (user) {
        const now = Math.floor(Date.now() / 1000);
        token.role = user.role;
        token.sv = user.sessionVersion;
        token.ev = Boolean((user as { emailVerified?: unknown }).emailVerified);
        token.authTime = now;
        token.roleCheckedAt = now;
        // Names this session, so signing out can end it even if a copy of the cookie survives.
        token.sid = crypto.randomUUID();
      }
      return pastAbsoluteLimit(token) ? null : token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      const known = capabilitiesOf({ role: token.role, capabilities: token.caps }) !== null;
      session.user.role = known ? token.role : undefined;
      session.user.capabilities = known ? token.caps : undefined;
      session.user.sessionVersion = typeof token.sv === "number" ? token.sv : undefined;
      session.user.verified = token.ev === true;
      session.user.secondFactorMissing = token.sfm === true;
      return session;
    },
  },
} satisfies NextAuthConfig;

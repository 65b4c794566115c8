import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/lib/auth/auth.config";
import { recordAudit } from "@/lib/audit/record";
import { attemptedEmail, verifyCredentials } from "@/lib/auth/credentials";
import { endSession, isSessionEnded } from "@/lib/auth/ended-sessions";
import { isRole } from "@/lib/auth/policy";
import { recordFailedSignIn, recordSuccessfulSignIn, signInThrottle } from "@/lib/auth/sign-in-throttle";
import { clientAddress } from "@/lib/http/request-context";
import { db } from "@/lib/db";
import { findUserForSession } from "@/lib/users/queries";

/** Thrown from authorize when the attempt must wait; `code` carries the wait to the sign-in form. */
class SignInThrottled extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = `throttled:${retryAfterSeconds}`;
  }
}

// The full, Node-only Auth.js instance: the edge-safe config plus the database adapter, the
// providers that need Prisma and argon2, and a jwt callback that re-reads the person.
export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  adapter: PrismaAdapter(db),
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const email = attemptedEmail(raw);
        const ip = clientAddress(request.headers) ?? "unknown";
        if (email) {
          // Checked before any password work, for known and unknown emails alike (no enumeration).
          const throttle = await signInThrottle(email, ip);
          if (throttle.throttled) {
            await recordAudit({ action: "auth.sign_in_throttled", targetEmail: email, after: { retryAfterSeconds: throttle.retryAfterSeconds } });
            throw new SignInThrottled(throttle.retryAfterSeconds);
          }
        }
        const user = await verifyCredentials(raw);
        if (user) {
          await recordSuccessfulSignIn(user.email, ip);
          await recordAudit({ action: "auth.sign_in", actor: user, target: user, after: { method: "password" } });
        } else {
          if (email) await recordFailedSignIn(email, ip);
          await recordAudit({ action: "auth.sign_in_failed", targetEmail: email, after: { method: "password" } });
        }
        return user;
      },
    }),
  ],
  events: {
    // Every sign-out, through our form or Auth.js's own endpoint, ends this session for good: a
    // copy of the cookie taken before is refused from the next request on.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(sid);
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    // Runs on every Node-side read of the session (pages, actions, route handlers and
    // GET /api/auth/session, which middleware calls to refresh a stale cookie). The JWT says who
    // signed in; the database says what they may do now. A missing or disabled person, or a
    // session version that has moved on (sessions ended), ends the session: returning null makes
    // Auth.js clear the cookie.
    async jwt(params) {
      const token = await authConfig.callbacks.jwt(params);
      if (!token || params.user) return token;
      const [person, ended] = await Promise.all([
        token.sub ? findUserForSession(token.sub) : null,
        typeof token.sid === "string" ? isSessionEnded(token.sid) : true,
      ]);
      if (ended || !person || person.disabledAt || person.sessionVersion !== token.sv || !isRole(person.role)) return null;
      token.role = person.role;
      token.email = person.email;
      token.name = person.name;
      token.roleCheckedAt = Math.floor(Date.now() / 1000);
      return token;
    },
  },
});

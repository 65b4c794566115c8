import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig, capabilitiesClaim } from "@/lib/auth/edge/config";
import { recordAudit } from "@/lib/audit/record";
import { attemptedEmail, verifyCredentials } from "@/lib/auth/credentials/verify";
import { findPersonByEmail, markEmailVerified, noteSignIn } from "@/lib/people/queries";
import { endSession, recordSession } from "@/lib/auth/session/live-session";
import { configuredOAuthProviders as oauthProviders } from "@/lib/auth/edge/providers";
import { authJsProvider } from "@/lib/auth/providers/authjs";
import { decideOAuthSignIn, providerVerifiedEmail, signedInPerson } from "@/lib/auth/providers/sign-in-decision";
import { livePersonFor } from "@/lib/auth/session/live-session";
import { PasswordWorkBusy } from "@/lib/auth/credentials/password-work";
import { reserveSignInAttempt } from "@/lib/auth/credentials/sign-in-throttle";
import { clientAddress } from "@/lib/http/client-address";
import { db } from "@/lib/db";
import { sendVerification } from "@/lib/auth/email/verification";
import { afterResponse } from "@/lib/http/after-response";
import { hasSecondFactor } from "@/lib/auth/second-factor/factors";
import { startSecondStep } from "@/lib/auth/second-factor/challenge";
import { passSecondStep, secondStepAfterProvider } from "@/lib/auth/second-factor/sign-in";
import { findLinkedPerson } from "@/lib/auth/providers/queries";
import { signInWithPasskey } from "@/lib/auth/passkeys/sign-in";

/** Thrown from authorize when the attempt must wait; `code` carries the wait to the sign-in form. */
class SignInThrottled extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = `throttled:${retryAfterSeconds}`;
  }
}

/** Thrown from authorize when every password-checking slot is taken; the form says to try again. */
class SignInBusy extends CredentialsSignin {
  code = "busy";
}

/** Thrown from authorize when the password is right and a second factor must follow: no session yet. */
class SecondStepRequired extends CredentialsSignin {
  code = "second-step";
}

/** Thrown from the second step's and the passkey's authorize with why they failed. */
class SecondStepRefused extends CredentialsSignin {
  constructor(reason: string) {
    super();
    this.code = reason;
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
        // Counted before any password work, for known, unknown and malformed emails alike.
        const attempt = await reserveSignInAttempt(email, clientAddress(request.headers));
        if (attempt.throttled) {
          // One entry when a limit is reached, not one per refused attempt: a client hammering the
          // form must not be able to grow the append-only log without bound (docs/security.md).
          for (const limit of attempt.limitsJustReached) {
            await recordAudit({
              action: "auth.sign_in_throttled",
              targetEmail: email,
              after: { limit, retryAfterSeconds: attempt.retryAfterSeconds },
            });
          }
          throw new SignInThrottled(attempt.retryAfterSeconds);
        }
        let person: Awaited<ReturnType<typeof verifyCredentials>>;
        let secondFactor: boolean;
        try {
          person = await verifyCredentials(raw);
          secondFactor = person ? await hasSecondFactor(person.id) : false;
        } catch (error) {
          // No answer about the password (too busy, or the database did not answer): the attempt is
          // handed back, so an outage does not count against the people who tried during it.
          await attempt.cancel();
          throw error instanceof PasswordWorkBusy ? new SignInBusy() : error;
        }
        if (person && secondFactor) {
          // The password was right: its reservation is handed back, and the sign-in waits for a code.
          await attempt.succeeded();
          await startSecondStep(person.id, "password");
          throw new SecondStepRequired();
        }
        if (person) {
          await attempt.succeeded();
          await noteSignIn(person.id);
          await recordAudit({ action: "auth.sign_in", actor: person, target: person, after: { method: "password" } });
        } else if (email) {
          // An attempt without a valid email names no account: the network's count holds it, the log does not.
          await recordAudit({ action: "auth.sign_in_failed", targetEmail: email, after: { method: "password" } });
        }
        return person;
      },
    }),
    Credentials({
      id: "second-factor",
      credentials: { code: { label: "Code", type: "text" } },
      async authorize(raw, request) {
        const outcome = await passSecondStep(raw, request.headers);
        if (outcome.ok) return outcome.person;
        throw new SecondStepRefused(
          outcome.reason === "throttled" ? `throttled:${outcome.retryAfterSeconds}` : outcome.reason,
        );
      },
    }),
    Credentials({
      id: "passkey",
      credentials: { challengeId: { type: "text" }, response: { type: "text" } },
      async authorize(raw, request) {
        const outcome = await signInWithPasskey(raw, request.headers);
        if (outcome.ok) return outcome.person;
        throw new SecondStepRefused(
          outcome.reason === "throttled" ? `throttled:${outcome.retryAfterSeconds}` : outcome.reason,
        );
      },
    }),
    ...oauthProviders.map(authJsProvider),
  ],
  events: {
    // Every sign-out, through our form or Auth.js's own endpoint, ends this session for good: a
    // copy of the cookie taken before is refused from the next request on.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(sid);
    },
    async signIn({ user, account, profile, isNewUser }) {
      if (!account || account.type === "credentials" || !user.id || !user.email) return;
      const person = { id: user.id, email: user.email };
      const settings = oauthProviders.find((provider) => provider.id === account.provider);
      // A provider's verified address counts as verified here too, if it is the account's address.
      const verifiedByProvider =
        providerVerifiedEmail(settings, profile) &&
        typeof profile?.email === "string" &&
        profile.email.toLowerCase() === user.email;
      if (verifiedByProvider) await markEmailVerified(user.id, user.email);
      // A new account whose provider did not vouch for the address proves it the way sign-up does.
      else if (isNewUser) afterResponse(() => sendVerification(person).then(() => undefined));
      const linking = signedInPerson();
      if (linking) {
        // Linking re-issues the session cookie with a new sid; the one it replaces ends now.
        if (linking.sid) await endSession(linking.sid);
        return;
      }
      if (isNewUser)
        await recordAudit({
          action: "auth.sign_up",
          actor: person,
          target: person,
          after: { role: "user", method: account.provider },
        });
      await noteSignIn(person.id);
      await recordAudit({ action: "auth.sign_in", actor: person, target: person, after: { method: account.provider } });
    },
    async linkAccount({ user, account }) {
      if (!user.id || !user.email) return;
      const person = { id: user.id, email: user.email };
      await recordAudit({
        action: "account.linked",
        actor: person,
        target: person,
        after: { provider: account.provider },
      });
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    // Passwords are decided in authorize above; external identities in lib/auth/providers/sign-in-decision.ts.
    async signIn({ user, account, profile }) {
      if (!account || account.type === "credentials") return true;
      const decision = await decideOAuthSignIn({
        provider: account.provider,
        providerAccountId: account.providerAccountId,
        email: user.email,
        emailVerifiedByProvider: providerVerifiedEmail(
          oauthProviders.find((provider) => provider.id === account.provider),
          profile,
        ),
      });
      if (decision !== true || signedInPerson()) return decision;
      const person =
        (await findLinkedPerson(account.provider, account.providerAccountId)) ??
        (user.email ? await findPersonByEmail(user.email.toLowerCase()) : null);
      return (person && (await secondStepAfterProvider(person.id, account.provider))) ?? true;
    },
    // Runs on every Node-side read of the session (pages, actions, route handlers and
    // GET /api/auth/session, which middleware calls to refresh a stale cookie). The JWT says who
    // signed in; the database says what they may do now. A missing or disabled person, or a
    // session version that has moved on (sessions ended), ends the session: returning null makes
    // Auth.js clear the cookie.
    async jwt(params) {
      const token = await authConfig.callbacks.jwt(params);
      if (!token) return token;
      if (params.user) {
        // A new session: recorded, so it can be listed, and ended one by one.
        if (typeof token.sid === "string" && params.user.id) {
          await recordSession(token.sid, params.user.id, params.account?.provider);
          const person = await livePersonFor(token);
          // A custom role deleted between the password check and now: no session.
          if (!person) return null;
          token.sfm = person.secondFactorMissing;
          token.caps = capabilitiesClaim(person);
        }
        return token;
      }
      const person = await livePersonFor(token);
      if (!person) return null;
      token.role = person.role;
      token.caps = capabilitiesClaim(person);
      token.ev = Boolean(person.emailVerified);
      token.sfm = person.secondFactorMissing;
      token.email = person.email;
      token.name = person.name;
      token.roleCheckedAt = Math.floor(Date.now() / 1000);
      return token;
    },
  },
});

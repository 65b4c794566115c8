import type { Metadata } from "next";
import { appForInteractionPath } from "@/lib/auth/oauth-server/interaction";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signInWithProviderAction } from "@/lib/actions/providers";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { configuredOAuthProviders } from "@/lib/auth/edge/providers";
import { signInProblemMessage } from "@/lib/auth/providers/sign-in-problems";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { Alert } from "@/components/ui/alert";
import { ProviderButton } from "@/components/auth/provider-button";
import { SignInForm } from "@/components/auth/sign-in-form";
import { PasskeySignInButton } from "@/components/passkeys/passkey-sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

const searchSchema = z.object({
  callbackUrl: z.string().optional().catch(undefined),
  registered: z.literal("1").optional().catch(undefined),
  verified: z.literal("1").optional().catch(undefined),
  passwordReset: z.literal("1").optional().catch(undefined),
  emailChanged: z.literal("1").optional().catch(undefined),
  deleted: z.literal("1").optional().catch(undefined),
  signedOut: z.literal("1").optional().catch(undefined),
  email: z.string().max(254).optional().catch(undefined),
  error: z.string().optional().catch(undefined),
  secondStep: z.enum(["expired", "ended"]).optional().catch(undefined),
});

const SECOND_STEP_MESSAGES = {
  expired: "Your sign-in took too long or was replaced by a newer one. Sign in again.",
  ended: "Too many wrong codes. For your safety, sign in again with your password first.",
} as const;

// What a person was on their way to, in words, when a gated page sent them here.
const DESTINATIONS: Array<[string, string]> = [
  ["/admin/audit", "the audit log"],
  ["/admin/users", "the people list"],
  ["/admin", "the admin panel"],
  ["/editor", "the editor"],
  ["/dashboard/articles/new", "a new article"],
  ["/dashboard/articles/", "an article"],
  ["/dashboard", "your dashboard"],
  ["/settings/tokens", "your API tokens"],
  ["/settings", "your settings"],
];

function destinationName(path: string): string | undefined {
  return DESTINATIONS.find(
    ([prefix]) =>
      path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`) || path.startsWith(`${prefix}?`),
  )?.[1];
}

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const search = searchSchema.parse(await searchParams);
  const callbackUrl = safeCallbackPath(search.callbackUrl);
  if (await getCurrentPerson()) redirect(callbackUrl);
  // An app's name is its owner's words, not Gatehouse's: unless an admin approved the app, it says whose.
  const app = await appForInteractionPath(callbackUrl);
  const destination = app
    ? `“${app.name}”${app.firstParty ? "" : app.source === "person" ? ", an app someone in your organisation registered (not Gatehouse itself)" : ", an app nobody in your organisation registered (not Gatehouse itself)"}`
    : search.callbackUrl
      ? destinationName(callbackUrl)
      : undefined;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
        <p className="text-sm muted" data-testid="sign-in-purpose">
          {destination ? `Sign in to continue to ${destination}.` : "Welcome back to Gatehouse."}
        </p>
      </div>
      {search.registered ? (
        <Alert tone="success">
          Check your inbox: we sent a mail to {search.email ?? "your address"}. Follow the link in it to confirm your
          address, then sign in here.
        </Alert>
      ) : null}
      {search.verified ? <Alert tone="success">Your address is confirmed. Sign in to continue.</Alert> : null}
      {search.passwordReset ? (
        <Alert tone="success">Your new password is set and every old session has ended. Sign in with it.</Alert>
      ) : null}
      {search.emailChanged ? <Alert tone="success">Your address is changed. Sign in with the new one.</Alert> : null}
      {search.deleted ? <Alert tone="info">Your account is deleted. Thank you for having been here.</Alert> : null}
      {search.signedOut ? <Alert tone="info">You are signed out.</Alert> : null}
      {search.error ? <Alert tone="error">{signInProblemMessage(search.error)}</Alert> : null}
      {search.secondStep ? <Alert tone="error">{SECOND_STEP_MESSAGES[search.secondStep]}</Alert> : null}
      <SignInForm callbackUrl={callbackUrl} email={search.email} />
      <section aria-label="Other ways to sign in" className="space-y-3">
        <p className="flex items-center gap-3 text-xs uppercase tracking-wide muted">
          <span aria-hidden="true" className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
          or
          <span aria-hidden="true" className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
        </p>
        <PasskeySignInButton callbackUrl={callbackUrl} />
        {configuredOAuthProviders.map((provider) => (
          <ProviderButton
            key={provider.id}
            action={signInWithProviderAction}
            provider={provider.id}
            label={`Continue with ${provider.name}`}
            callbackUrl={callbackUrl}
            className="w-full"
          />
        ))}
      </section>
      <p className="text-center text-sm muted">
        <Link
          href="/forgot-password"
          className="font-semibold text-indigo-600 hover:text-indigo-500 dark:text-indigo-400"
        >
          Forgot your password?
        </Link>
      </p>
      <p className="text-center text-sm muted">
        New here?{" "}
        <Link href="/signup" className="font-semibold text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">
          Create an account
        </Link>
      </p>
    </div>
  );
}

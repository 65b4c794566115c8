import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { confirmEmailAction, resendVerificationAction } from "@/lib/actions/email";
import { LINK_PROBLEM_MESSAGES, latestEmailLink, peekEmailLink } from "@/lib/auth/email/links";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { signOutAction } from "@/lib/actions/sessions";
import { formatRelative } from "@/lib/format";
import { LinkProblem } from "@/components/auth/link-problem";
import { ActionForm } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";

// The link's secret is in this page's address: no Referer carries it anywhere (also set as a header
// in next.config.js).
export const metadata: Metadata = { title: "Confirm your address", referrer: "no-referrer" };

const searchSchema = z.object({ token: z.string().max(100).optional().catch(undefined) });

async function ConfirmLink({ token }: { token: string }) {
  const link = await peekEmailLink(token, "verify-email");
  if (typeof link === "string") {
    return (
      <LinkProblem
        title="This link cannot confirm your address"
        message={`${LINK_PROBLEM_MESSAGES[link]} Sign in to ask for a new one.`}
        next={{ href: "/verify-email", label: "Get a new link" }}
      />
    );
  }
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Confirm your address</h1>
      <p className="text-sm muted">
        Confirm that <strong className="text-slate-900 dark:text-slate-100">{link.email}</strong> is your address.
      </p>
      <ActionForm
        id="confirm-email"
        action={confirmEmailAction}
        fields={{ token }}
        submitLabel="Confirm my address"
        pendingLabel="Confirming…"
      />
    </div>
  );
}

export default async function VerifyEmailPage({ searchParams }: PageProps<"/verify-email">) {
  const { token } = searchSchema.parse(await searchParams);
  if (token !== undefined) return <ConfirmLink token={token} />;

  const person = await getCurrentPerson();
  if (!person) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight">Confirm your address</h1>
        <p className="text-sm muted">Open the link from the mail we sent you, or sign in to ask for a new one.</p>
        <Link href="/signin?callbackUrl=%2Fverify-email" className={buttonClasses("primary")}>
          Sign in
        </Link>
      </div>
    );
  }
  if (person.emailVerified) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight">Your address is confirmed</h1>
        <Alert tone="success">{person.email} is confirmed.</Alert>
        <Link href="/dashboard" className={buttonClasses("primary")}>
          Go to your dashboard
        </Link>
      </div>
    );
  }
  const latest = await latestEmailLink(person.id, "verify-email");
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Check your inbox</h1>
        <p className="text-sm muted">
          Before you continue, confirm that{" "}
          <strong className="text-slate-900 dark:text-slate-100">{person.email}</strong> is your address: follow the
          link in the mail we sent to it.
        </p>
      </div>
      {latest?.mailFailedAt ? (
        <Alert tone="error">We could not send the mail to {person.email}. Send it again below.</Alert>
      ) : latest ? (
        <p className="text-sm muted" data-testid="link-sent">
          Sent {formatRelative(latest.createdAt)}. It can take a minute to arrive; look in your spam folder too.
        </p>
      ) : null}
      <ActionForm
        id="resend"
        action={resendVerificationAction}
        submitLabel={latest ? "Send a new link" : "Send me a link"}
        pendingLabel="Sending…"
        variant="secondary"
      />
      <form action={signOutAction}>
        <button
          type="submit"
          className="text-sm font-semibold text-indigo-600 hover:text-indigo-500 dark:text-indigo-400"
        >
          Wrong address? Sign out and sign up again
        </button>
      </form>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { secondStepAction } from "@/lib/actions/second-factor";
import { pendingChallenge } from "@/lib/auth/second-factor/challenge";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { secondFactorStatus } from "@/lib/auth/second-factor/factors";
import { SecondStepPasskeyButton } from "@/components/passkeys/second-step-passkey-button";
import { ActionForm, FormField } from "@/components/ui/action-form";

export const metadata: Metadata = { title: "Enter your code" };

const searchSchema = z.object({ callbackUrl: z.string().optional().catch(undefined) });

export default async function SecondStepPage({ searchParams }: PageProps<"/signin/second-step">) {
  const callbackUrl = safeCallbackPath(searchSchema.parse(await searchParams).callbackUrl);
  if (await getCurrentPerson()) redirect(callbackUrl);
  const challenge = await pendingChallenge(await headers());
  if (!challenge) redirect("/signin?secondStep=expired");
  const status = await secondFactorStatus(challenge.personId);
  const takesCodes = status.totp || status.recoveryCodesLeft > 0;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Enter your code</h1>
        <p className="text-sm muted">
          Signing in as <strong>{challenge.email}</strong>.{" "}
          {status.totp
            ? "Open your authenticator app and enter the 6-digit code it shows for Gatehouse."
            : "Confirm with one of your passkeys."}
        </p>
      </div>
      {status.passkeys > 0 ? <SecondStepPasskeyButton callbackUrl={callbackUrl} /> : null}
      {takesCodes ? (
        <ActionForm
          id="second-step"
          action={secondStepAction}
          fields={{ callbackUrl }}
          submitLabel="Verify and sign in"
          pendingLabel="Verifying…"
        >
          <FormField
            name="code"
            label="Code"
            // The one thing to do on this page, reached straight from the password step.
            autoFocus
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            required
            hint="No phone at hand? Enter one of your recovery codes instead (like abcde-fghjk)."
          />
        </ActionForm>
      ) : null}
      <p className="text-center text-sm muted">
        Not you, or want to start over?{" "}
        <Link href="/signin" className="font-semibold text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">
          Back to sign in
        </Link>
      </p>
    </div>
  );
}

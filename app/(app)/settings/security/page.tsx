import type { Metadata } from "next";
import Link from "next/link";
import QRCode from "qrcode";
import { z } from "zod";
import { safeCallbackPath } from "@/lib/auth/edge/redirects";
import { guardPage } from "@/lib/auth/guards/page";
import {
  cancelTotpSetupAction,
  confirmTotpAction,
  regenerateRecoveryCodesAction,
  removeSecondFactorAction,
  startTotpAction,
} from "@/lib/actions/second-factor";
import { pendingTotpSecret, secondFactorStatus } from "@/lib/auth/second-factor/factors";
import { totpUri } from "@/lib/auth/second-factor/totp";
import { RecoveryCodesForm } from "@/components/second-factor/recovery-codes-form";
import { PasskeyRegisterForm } from "@/components/passkeys/passkey-register-form";
import { removePasskeyAction } from "@/lib/actions/passkeys";
import { listPasskeys } from "@/lib/auth/passkeys/queries";
import { recordedRecently } from "@/lib/audit/queries";
import { formatRelative } from "@/lib/format";
import { SettingsHeader } from "@/components/settings/settings-header";
import { ActionForm } from "@/components/ui/action-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Two-step sign-in" };

const muted = "text-sm muted";

/** The secret in groups of four, for typing into an app that cannot scan. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

async function Enrolment({ secret, email, continueTo }: { secret: string; email: string; continueTo?: string }) {
  const uri = totpUri(secret, email);
  // Rendered here, as an inline SVG: the secret never leaves the server for a QR service.
  const svg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return (
    // Once it is on, the new recovery codes are all that is left to see: the QR code, the key and
    // "Cancel setup" no longer apply (they go when the person says the codes are saved).
    <div
      className="space-y-4 [&:has(>[data-testid=recovery-codes])>*:not([data-testid=recovery-codes])]:hidden"
      data-testid="totp-enrolment"
    >
      <ol className="list-decimal space-y-1 pl-5 text-sm">
        <li>Open your authenticator app (1Password, Google Authenticator, Authy, …) and add an account.</li>
        <li>Scan this QR code, or type the key below.</li>
        <li>Enter the 6-digit code the app shows to turn two-step sign-in on.</li>
      </ol>
      <div
        role="img"
        aria-label="QR code to scan with your authenticator app"
        className="size-48 rounded-md bg-white p-1 [&>svg]:size-full"
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <div className="space-y-1 text-sm">
        <p>
          Key:{" "}
          <code data-testid="totp-secret" className="font-mono break-all">
            {grouped(secret)}
          </code>
        </p>
        <details>
          <summary className="cursor-pointer text-indigo-600 dark:text-indigo-400">Setup link (otpauth URI)</summary>
          <code className="mt-1 block font-mono text-xs break-all" data-testid="totp-uri">
            {uri}
          </code>
        </details>
      </div>
      <RecoveryCodesForm
        id="confirm-totp"
        action={confirmTotpAction}
        withCode
        submitLabel="Turn on"
        pendingLabel="Checking…"
        continueTo={continueTo}
      />
      <ActionForm
        id="cancel-totp"
        action={cancelTotpSetupAction}
        submitLabel="Cancel setup"
        pendingLabel="Cancelling…"
        variant="secondary"
      />
    </div>
  );
}

const searchSchema = z.object({
  required: z.literal("1").optional().catch(undefined),
  recovered: z.literal("1").optional().catch(undefined),
  // The page the person asked for, carried through the redirect here; only a path on this origin.
  next: z
    .string()
    .optional()
    .catch(undefined)
    .transform((raw) => safeCallbackPath(raw, "") || undefined),
});

function Passkeys({ passkeys }: { passkeys: Awaited<ReturnType<typeof listPasskeys>> }) {
  return (
    <div className="space-y-4">
      <p className={muted}>
        A passkey signs you in with your device&rsquo;s screen lock (a fingerprint, your face or a PIN), no password
        needed, and counts as the second step after a password. It works only on Gatehouse, so a fake site cannot use
        it.
      </p>
      {passkeys.length ? (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Your passkeys" data-focus-region>
          {passkeys.map((passkey) => (
            <li
              key={passkey.id}
              className="flex flex-wrap items-center justify-between gap-3 py-3"
              data-passkey={passkey.name}
            >
              <div className="min-w-0 text-sm">
                <p className="font-medium break-words">{passkey.name}</p>
                <p className={muted}>
                  Added {formatRelative(passkey.createdAt)}
                  {passkey.lastUsedAt ? `, last used ${formatRelative(passkey.lastUsedAt)}` : ", not used yet"}
                  {passkey.backedUp ? " · synced" : ""}
                </p>
              </div>
              <ConfirmAction
                action={removePasskeyAction}
                fields={{ passkeyId: passkey.id }}
                triggerLabel={`Remove ${passkey.name}`}
                triggerVariant="danger-ghost"
                title={`Remove the passkey “${passkey.name}”?`}
                description={<p>It stops working at once. Remove it from the device too, in its settings.</p>}
                confirmLabel="Remove passkey"
                pendingLabel="Removing…"
                danger
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm">No passkeys yet.</p>
      )}
      <PasskeyRegisterForm />
    </div>
  );
}

export default async function SecurityPage({ searchParams }: PageProps<"/settings/security">) {
  const person = await guardPage("/settings/security");
  const search = searchSchema.parse(await searchParams);
  const [status, passkeys] = await Promise.all([secondFactorStatus(person.id), listPasskeys(person.id)]);
  // Recovery codes stand in for any second factor: with only passkeys, they are offered under them.
  const recoveryCodes = (
    <div className="space-y-2" data-testid="recovery-codes-left">
      <h3 className="text-sm font-semibold">Recovery codes</h3>
      <p className={muted}>
        {status.recoveryCodesLeft === 1 ? "1 recovery code left." : `${status.recoveryCodesLeft} recovery codes left.`}{" "}
        Each works once in place of a code or a passkey, if you lose your device. A new set replaces the old one.
      </p>
      <RecoveryCodesForm
        id="regenerate-codes"
        action={regenerateRecoveryCodesAction}
        submitLabel={status.recoveryCodesLeft ? "Generate new recovery codes" : "Generate recovery codes"}
        pendingLabel="Generating…"
        variant="secondary"
      />
    </div>
  );
  // A secret is the person's alone: someone viewing as them ("View as") never sees it.
  const pending = status.totpPending && !person.viewer ? await pendingTotpSecret(person.id) : null;
  const hasFactor = status.totp || passkeys.length > 0;
  // Only after a recovery code really signed this person in, not for anyone who opens the link.
  const recovered = search.recovered && (await recordedRecently(person.id, "mfa.recovery_code_used", 10 * 60_000));
  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/security"
        title="Two-step sign-in"
        description="A code from your phone or a passkey after your password, so a stolen password alone cannot sign in as you."
      />
      {person.secondFactorMissing ? (
        <Alert tone="error">
          Your role ({person.role}) requires two-step sign-in. Set up an authenticator app or add a passkey below to
          continue
          {search.required ? "; the page you asked for opens once it is on" : ""}.
        </Alert>
      ) : recovered ? (
        <Alert tone="info">
          You signed in with a recovery code;{" "}
          {status.recoveryCodesLeft === 1 ? "1 is left" : `${status.recoveryCodesLeft} are left`}. Lost your phone or
          security key? Set up two-step sign-in again below, and make new recovery codes.{" "}
          {search.next ? (
            <Link href={search.next} prefetch={false} className="font-medium underline underline-offset-2">
              Continue to the page you asked for
            </Link>
          ) : null}
        </Alert>
      ) : search.next && hasFactor ? (
        <Alert tone="success">
          Two-step sign-in is on.{" "}
          <Link href={search.next} prefetch={false} className="font-medium underline underline-offset-2">
            Continue to the page you asked for
          </Link>
        </Alert>
      ) : null}
      <Card title="Authenticator app">
        {status.totp ? (
          <div className="space-y-4">
            <Alert tone="success">On. Signing in with your password also asks for a code from your app.</Alert>
            {recoveryCodes}
            <div className="space-y-2">
              <h3 className="text-sm font-semibold">Turn off</h3>
              <p className={muted}>Your password alone will sign you in again; your recovery codes stop working.</p>
              <ActionForm
                id="remove-totp"
                action={removeSecondFactorAction}
                submitLabel="Turn off two-step sign-in"
                pendingLabel="Turning off…"
                variant="danger"
              />
            </div>
          </div>
        ) : pending ? (
          <Enrolment secret={pending} email={person.email} continueTo={search.next} />
        ) : (
          <div className="space-y-4">
            <p className={muted}>
              Off. With it on, signing in with your password also asks for a 6-digit code from an app on your phone.
            </p>
            <ActionForm
              id="start-totp"
              action={startTotpAction}
              submitLabel="Set up an authenticator app"
              pendingLabel="Preparing…"
            />
          </div>
        )}
      </Card>
      <Card title="Passkeys">
        <div className="space-y-6">
          <Passkeys passkeys={passkeys} />
          {!status.totp && passkeys.length > 0 ? recoveryCodes : null}
        </div>
      </Card>
    </div>
  );
}

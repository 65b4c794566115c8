import type { Metadata } from "next";
import { z } from "zod";
import { changePasswordAction, sendPasswordLinkAction } from "@/lib/actions/credentials";
import { cancelEmailChangeAction, requestEmailChangeAction } from "@/lib/actions/email";
import { pendingEmailChange } from "@/lib/auth/email/change";
import { configuredOAuthProviders, providerName } from "@/lib/auth/edge/providers";
import { guardPage } from "@/lib/auth/guards/page";
import { REVOKE_API_ACCESS_LABEL } from "@/lib/auth/policy";
import { signInWithProviderAction } from "@/lib/actions/providers";
import { signInMethodsOf } from "@/lib/auth/providers/queries";
import { RECENT_SIGN_IN_SECONDS } from "@/lib/auth/session/confirm-identity";
import { formatRelative } from "@/lib/format";
import { deleteAccountAction, renameAction } from "@/lib/actions/account";
import { ProviderButton } from "@/components/auth/provider-button";
import { SettingsHeader } from "@/components/settings/settings-header";
import { ActionForm, FormCheckbox, FormField, NewPasswordField } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Account" };

const searchSchema = z.object({ emailChanged: z.literal("1").optional().catch(undefined) });

const muted = "text-sm muted";

/** For an account without a password: how it proves who it is before a change (a fresh provider sign-in). */
function SignInAgain({ providers }: { providers: string[] }) {
  const usable = providers.filter((id) => configuredOAuthProviders.some((provider) => provider.id === id));
  return (
    <div className="space-y-2">
      <p className={muted}>
        Your account has no password, so this asks for a sign-in with your provider in the last{" "}
        {RECENT_SIGN_IN_SECONDS / 60} minutes.
      </p>
      <div className="flex flex-wrap gap-2">
        {usable.map((id) => (
          <ProviderButton
            key={id}
            action={signInWithProviderAction}
            provider={id}
            label={`Sign in again with ${providerName(id, configuredOAuthProviders)}`}
            callbackUrl="/settings/account"
          />
        ))}
      </div>
    </div>
  );
}

export default async function AccountPage({ searchParams }: PageProps<"/settings/account">) {
  const person = await guardPage("/settings/account");
  const [methods, pending, search] = await Promise.all([
    signInMethodsOf(person.id),
    pendingEmailChange(person.id),
    searchParams.then((raw) => searchSchema.parse(raw)),
  ]);
  const passwordField = methods.hasPassword ? (
    <FormField
      name="currentPassword"
      label="Current password"
      type="password"
      autoComplete="current-password"
      required
    />
  ) : null;

  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/account"
        title="Account"
        description="Your name, your address, your password, and leaving."
      />
      {search.emailChanged ? <Alert tone="success">Your address is now {person.email}.</Alert> : null}

      <Card title="Profile">
        <ActionForm
          id="profile"
          action={renameAction}
          submitLabel="Save name"
          pendingLabel="Saving…"
          variant="secondary"
        >
          <FormField
            name="name"
            label="Display name"
            autoComplete="name"
            defaultValue={person.name ?? ""}
            hint="Shown in the header, on your articles and in the audit log. Leave empty to be shown by your address."
          />
        </ActionForm>
      </Card>

      <Card title="Email address">
        <div className="space-y-4">
          <p className="text-sm">
            You sign in as <strong>{person.email}</strong>
            {person.emailVerified ? " (confirmed)" : " (not confirmed yet)"}.
          </p>
          {pending ? (
            <div className="space-y-2" data-testid="pending-email-change">
              {pending.mailFailed ? (
                <Alert tone="error">
                  We could not send the mail to {pending.email}. Ask for the change again below.
                </Alert>
              ) : (
                <Alert tone="info">
                  Waiting for you to follow the link we sent to {pending.email} ({formatRelative(pending.sentAt)}).
                  Until then, your address stays {person.email}.
                </Alert>
              )}
              <ActionForm
                id="cancel-email-change"
                action={cancelEmailChangeAction}
                submitLabel="Cancel the change"
                pendingLabel="Cancelling…"
                variant="secondary"
              />
            </div>
          ) : null}
          <ActionForm
            id="change-email"
            action={requestEmailChangeAction}
            submitLabel="Change address"
            pendingLabel="Sending…"
            variant="secondary"
          >
            <FormField name="email" label="New address" type="email" autoComplete="email" required />
            {passwordField}
          </ActionForm>
          {methods.hasPassword ? null : <SignInAgain providers={methods.providers} />}
          <p className={muted}>
            We mail a link to the new address; the change happens when you follow it. Your old address is told, with a
            link to undo the change for 7 days.
          </p>
        </div>
      </Card>

      <Card title="Password">
        {methods.hasPassword ? (
          <ActionForm
            id="change-password"
            action={changePasswordAction}
            submitLabel="Change password"
            pendingLabel="Changing…"
            variant="secondary"
          >
            <input type="hidden" name="username" autoComplete="username" value={person.email} />
            {passwordField}
            <NewPasswordField />
            <FormCheckbox name="signOutOthers" label="Sign out my other sessions" defaultChecked />
            <FormCheckbox name="revokeApiAccess" label={REVOKE_API_ACCESS_LABEL} defaultChecked />
          </ActionForm>
        ) : (
          <div className="space-y-3">
            <p className={muted}>
              You sign in with {methods.providers.map((id) => providerName(id, configuredOAuthProviders)).join(" or ")}{" "}
              only. To sign in with your address and a password too, set one through a link we mail to {person.email}.
            </p>
            <ActionForm
              id="send-password-link"
              action={sendPasswordLinkAction}
              submitLabel="Mail me a link to set a password"
              pendingLabel="Sending…"
              variant="secondary"
            />
          </div>
        )}
      </Card>

      <Card title="Delete your account" data-testid="delete-account">
        <div className="space-y-4">
          <div className="space-y-2 text-sm">
            <p>
              <strong>Deleted:</strong> your account, your sign-in methods (password and linked providers), every
              session and every API token. You are signed out here at once.
            </p>
            <p>
              <strong>Kept:</strong> articles you wrote stay, shown as by “a former member”. The audit log keeps its
              entries about you, with your address: it is append-only, so no one can rewrite history.
            </p>
            <p className={muted}>This cannot be undone. You can sign up again later with the same address.</p>
          </div>
          <ActionForm
            id="delete-account"
            action={deleteAccountAction}
            submitLabel="Delete my account"
            pendingLabel="Deleting…"
            variant="danger"
          >
            {passwordField}
            <FormField
              name="confirm"
              label="Type “delete my account” to confirm"
              autoComplete="off"
              autoCapitalize="none"
              required
            />
          </ActionForm>
          {methods.hasPassword ? null : <SignInAgain providers={methods.providers} />}
        </div>
      </Card>
    </div>
  );
}

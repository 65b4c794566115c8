import type { Metadata } from "next";
import { z } from "zod";
import { linkProviderAction, unlinkProviderAction } from "@/lib/actions/providers";
import { signInMethodsOf } from "@/lib/auth/providers/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { configuredOAuthProviders, providerName } from "@/lib/auth/edge/providers";
import { ProviderButton } from "@/components/auth/provider-button";
import { SettingsHeader } from "@/components/settings/settings-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";

export const metadata: Metadata = { title: "Sign-in methods" };

const searchSchema = z.object({
  linked: z.string().max(40).optional().catch(undefined),
  unlinked: z.string().max(40).optional().catch(undefined),
});

export default async function SignInMethodsPage({ searchParams }: PageProps<"/settings/accounts">) {
  const person = await guardPage("/settings/accounts");
  const [methods, search] = await Promise.all([
    signInMethodsOf(person.id),
    searchParams.then((raw) => searchSchema.parse(raw)),
  ]);
  // Providers linked earlier but no longer configured still show, so they can be unlinked.
  const providerIds = [...new Set([...configuredOAuthProviders.map((provider) => provider.id), ...methods.providers])];
  const methodCount = methods.providers.length + (methods.hasPassword ? 1 : 0);
  // Only what is true now is announced: a stale ?linked= after an unlink says nothing.
  const justLinked =
    search.linked && methods.providers.includes(search.linked)
      ? providerName(search.linked, configuredOAuthProviders)
      : null;
  const justUnlinked =
    search.unlinked && !methods.providers.includes(search.unlinked)
      ? providerName(search.unlinked, configuredOAuthProviders)
      : null;

  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/accounts"
        title="Sign-in methods"
        description="The ways you can sign in to this account. Link a provider to sign in with it too; you always keep at least one way in."
      />
      {justLinked ? <Alert tone="success">{justLinked} is linked. You can now sign in with it.</Alert> : null}
      {justUnlinked ? (
        <Alert tone="success">{justUnlinked} is unlinked. You can no longer sign in with it.</Alert>
      ) : null}
      <Card title="Your sign-in methods">
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="sign-in-methods">
          <li className="flex items-center justify-between gap-4 py-3" data-method="password">
            <span>
              <span className="block font-medium">Email and password</span>
              <span className="block text-sm muted">
                {methods.hasPassword ? `Signs in as ${person.email}` : "Not set up for this account"}
              </span>
            </span>
            <span className="text-sm font-medium">{methods.hasPassword ? "In use" : "—"}</span>
          </li>
          {providerIds.map((id) => {
            const name = providerName(id, configuredOAuthProviders);
            const linked = methods.providers.includes(id);
            const configured = configuredOAuthProviders.some((provider) => provider.id === id);
            return (
              <li
                key={id}
                className="flex items-center justify-between gap-4 py-3"
                data-method={id}
                data-linked={linked ? "true" : "false"}
              >
                <span>
                  <span className="block font-medium">{name}</span>
                  <span className="block text-sm muted">{linked ? "Linked" : "Not linked"}</span>
                </span>
                {linked ? (
                  methodCount > 1 ? (
                    <ConfirmAction
                      action={unlinkProviderAction}
                      fields={{ provider: id }}
                      triggerLabel={`Unlink ${name}`}
                      triggerVariant="danger-ghost"
                      title={`Unlink ${name}?`}
                      description={`You will no longer be able to sign in with ${name}. You can link it again later.`}
                      confirmLabel="Unlink"
                      pendingLabel="Unlinking…"
                      danger
                    />
                  ) : (
                    <span className="max-w-48 text-right text-xs muted">
                      Your only way to sign in: link another provider before unlinking this one.
                    </span>
                  )
                ) : configured ? (
                  <ProviderButton action={linkProviderAction} provider={id} label={`Link ${name}`} />
                ) : null}
              </li>
            );
          })}
        </ul>
        {configuredOAuthProviders.length === 0 ? (
          <p className="pt-3 text-sm muted">No external sign-in providers are configured on this server.</p>
        ) : null}
      </Card>
    </div>
  );
}

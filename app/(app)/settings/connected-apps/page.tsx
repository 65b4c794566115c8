import { SCOPE_DESCRIPTIONS } from "@/lib/auth/policy";
import type { Metadata } from "next";
import { AppLogo } from "@/components/oauth/app-logo";
import { guardPage } from "@/lib/auth/guards/page";
import { listConnectedApps } from "@/lib/auth/oauth-server/grants";
import { revokeGrantAction } from "@/lib/actions/apps";
import { SettingsHeader } from "@/components/settings/settings-header";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { RelativeTime } from "@/components/ui/relative-time";

export const metadata: Metadata = { title: "Connected apps" };

export default async function ConnectedAppsPage() {
  const person = await guardPage("/settings/connected-apps");
  const apps = await listConnectedApps(person.id);
  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/connected-apps"
        title="Connected apps"
        description="Apps you have given access to your account. An app can never do more than your role allows; take its access back here at any time."
      />
      <Card title="Apps with access">
        {apps.length === 0 ? (
          <p className="text-sm muted">No app has access to your account.</p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="connected-apps">
            {apps.map((app) => (
              <li
                key={app.grantId}
                className="flex flex-wrap items-start justify-between gap-3 py-3"
                data-grant-id={app.grantId}
              >
                <div className="flex min-w-0 items-start gap-3">
                  <AppLogo name={app.appName} logoUrl={app.logoUrl} />
                  <div className="min-w-0 space-y-1">
                    <p className="font-semibold">
                      {app.appName}
                      {app.agent ? (
                        <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100">
                          AI agent (MCP)
                        </span>
                      ) : null}
                    </p>
                    {app.registrant ? <p className="text-xs muted">{app.registrant}</p> : null}
                    <ul
                      className="list-disc space-y-0.5 pl-5 text-sm break-words"
                      aria-label={`What ${app.appName} may do`}
                    >
                      {app.scopes.map((scope) => (
                        <li key={scope}>
                          {isKnownScope(scope) ? SCOPE_DESCRIPTIONS[scope] : scope}{" "}
                          <code className="font-mono text-xs muted">{scope}</code>
                        </li>
                      ))}
                    </ul>
                    <p className="text-xs muted">
                      {app.grantedAt ? (
                        <>
                          Access given <RelativeTime date={app.grantedAt} />
                        </>
                      ) : null}
                      {" · "}
                      {app.lastUsedAt ? (
                        <>
                          {app.agent ? "last call" : "last used"} <RelativeTime date={app.lastUsedAt} />
                        </>
                      ) : (
                        "not used yet"
                      )}
                    </p>
                  </div>
                </div>
                <ConfirmAction
                  action={revokeGrantAction}
                  fields={{ grantId: app.grantId }}
                  triggerLabel="Revoke"
                  triggerVariant="danger-ghost"
                  title={`Take back the access of “${app.appName}”?`}
                  description={<p>Its tokens stop working at once. It must ask you again to get access.</p>}
                  confirmLabel="Revoke access"
                  pendingLabel="Revoking…"
                  danger
                />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function isKnownScope(scope: string): scope is keyof typeof SCOPE_DESCRIPTIONS {
  return Object.hasOwn(SCOPE_DESCRIPTIONS, scope);
}

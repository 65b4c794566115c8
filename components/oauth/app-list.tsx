import type { AppRow } from "@/lib/auth/oauth-server/apps/queries";
import type { AppUsage } from "@/lib/auth/oauth-server/grants";
import { AppUsageLine } from "@/components/oauth/app-usage";
import { AppReviewBadge, AppReviewNote } from "@/components/oauth/app-review";
import { deleteAppAction, deleteAppSecretAction } from "@/lib/actions/apps";
import { AppLogo } from "@/components/oauth/app-logo";
import { AppSecretButton } from "@/components/oauth/app-secret-button";
import { EditAppForm } from "@/components/oauth/register-app-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { RelativeTime } from "@/components/ui/relative-time";

export function AppList({ apps, usage }: { apps: AppRow[]; usage: ReadonlyMap<string, AppUsage> }) {
  if (apps.length === 0) return <p className="text-sm muted">You have not registered any apps.</p>;
  return (
    <ul className="space-y-4" data-testid="app-list">
      {apps.map((app) => (
        <li
          key={app.id}
          data-app-id={app.id}
          className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
        >
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="flex min-w-0 items-start gap-3">
              <AppLogo name={app.name} logoUrl={app.logoUrl} />
              <div className="min-w-0">
                <h3 className="font-semibold">
                  {app.name}
                  <AppReviewBadge review={app.review} />
                </h3>
                <p className="text-xs muted">
                  {app.kind === "confidential" ? "Web app with a server" : "Public app (PKCE, no secret)"} · registered{" "}
                  <RelativeTime date={app.createdAt} />
                  {app.disabledAt ? " · disabled by an admin" : ""}
                </p>
                <AppReviewNote review={app.review} />
                <AppUsageLine usage={usage.get(app.id)} />
              </div>
            </div>
            <ConfirmAction
              action={deleteAppAction}
              fields={{ appId: app.id }}
              triggerLabel="Delete"
              triggerVariant="danger-ghost"
              title={`Delete “${app.name}”?`}
              description={
                <p>Everyone who gave it access loses the connection, and its tokens stop working at once.</p>
              }
              confirmLabel="Delete app"
              pendingLabel="Deleting…"
              danger
            />
          </div>
          <EditAppForm
            appId={app.id}
            app={{
              name: app.name,
              homepageUrl: app.homepageUrl,
              privacyUrl: app.privacyUrl,
              termsUrl: app.termsUrl,
              logoUrl: app.logoUrl,
              redirectUris: app.redirectUris,
              scopes: app.scopes,
              dpopBoundAccessTokens: app.dpopBoundAccessTokens,
            }}
          />
          <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="font-medium">Client id</dt>
            <dd>
              <code className="font-mono break-all" data-testid="client-id">
                {app.id}
              </code>
            </dd>
            <dt className="font-medium">Redirect URIs</dt>
            <dd className="space-y-1">
              {app.redirectUris.split(" ").map((uri) => (
                <code key={uri} className="block font-mono break-all">
                  {uri}
                </code>
              ))}
            </dd>
            <dt className="font-medium">Scopes</dt>
            <dd>{app.scopes.split(" ").join(", ")}</dd>
            {app.kind === "confidential" ? (
              <>
                <dt className="font-medium">Secrets</dt>
                <dd className="space-y-2">
                  {app.secrets.map((secret) => (
                    <div key={secret.id} data-secret-id={secret.id} className="flex flex-wrap items-center gap-2">
                      <code className="font-mono">{secret.prefix}…</code>
                      <span className="text-xs muted">
                        created <RelativeTime date={secret.createdAt} />
                      </span>
                      {app.secrets.length > 1 ? (
                        <ConfirmAction
                          action={deleteAppSecretAction}
                          fields={{ appId: app.id, secretId: secret.id }}
                          triggerLabel="Delete"
                          triggerVariant="danger-ghost"
                          title={`Delete the secret ${secret.prefix}…?`}
                          description={<p>Anything still using this secret cannot get tokens any more.</p>}
                          confirmLabel="Delete secret"
                          pendingLabel="Deleting…"
                          danger
                        />
                      ) : null}
                    </div>
                  ))}
                  <AppSecretButton appId={app.id} />
                </dd>
              </>
            ) : null}
          </dl>
        </li>
      ))}
    </ul>
  );
}

import type { Metadata } from "next";
import { guardPage } from "@/lib/auth/guards/page";
import { mayBeFirstParty } from "@/lib/auth/policy";
import { listRoles } from "@/lib/roles/queries";
import { reviewAppAction, setAppDisabledAction, updateAppSettingsAction } from "@/lib/actions/apps";
import { AppReviewBadge } from "@/components/oauth/app-review";
import { listAllApps, type AdminAppRow } from "@/lib/auth/oauth-server/apps/queries";
import { usageOfApps } from "@/lib/auth/oauth-server/grants";
import { registrantForAdmin } from "@/lib/auth/oauth-server/apps/registrant";
import { AppUsageLine } from "@/components/oauth/app-usage";
import { AdminHeader } from "@/components/admin/admin-nav";
import { ActionForm, FormCheckbox, FormField } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { RelativeTime } from "@/components/ui/relative-time";
import { SelectField } from "@/components/ui/select-field";

export const metadata: Metadata = { title: "OAuth apps" };

/** What an admin reviews: who asked, where the app may send people, what it may ask for. */
function ReviewDetails({ app }: { app: AdminAppRow }) {
  return (
    <dl className="mt-2 grid gap-x-3 text-xs sm:grid-cols-[8rem_1fr]" data-testid="app-review-details">
      <dt className="font-medium">Asked by</dt>
      <dd>{registrantForAdmin(app)}</dd>
      <dt className="font-medium">Redirect URIs</dt>
      <dd className="break-all">{app.redirectUris.split(" ").join(", ")}</dd>
      <dt className="font-medium">Scopes</dt>
      <dd>{app.scopes.split(" ").join(", ")}</dd>
      <dt className="font-medium">Logo</dt>
      <dd className="break-all">{app.logoUrl ?? "none"}</dd>
    </dl>
  );
}

function ReviewButtons({ app }: { app: AdminAppRow }) {
  return (
    <div className="flex flex-wrap gap-2">
      <ConfirmAction
        action={reviewAppAction}
        fields={{ appId: app.id, verdict: "approved", version: String(app.updatedAt.getTime()) }}
        triggerLabel="Approve"
        triggerVariant="secondary"
        title={`Approve “${app.name}”?`}
        description={<p>It can ask people for access and sign them in from its next request.</p>}
        confirmLabel="Approve app"
        pendingLabel="Approving…"
      />
      {app.review === "pending" ? (
        <ConfirmAction
          action={reviewAppAction}
          fields={{ appId: app.id, verdict: "refused", version: String(app.updatedAt.getTime()) }}
          triggerLabel="Refuse"
          triggerVariant="danger-ghost"
          title={`Refuse “${app.name}”?`}
          description={
            <p>
              {app.owner
                ? "It cannot sign anyone in. Its owner sees that it was refused, and can change it to ask again."
                : app.source === "document"
                  ? "It cannot sign anyone in. It asks again only if its metadata document changes while such apps are held."
                  : "It cannot sign anyone in, and stays refused."}
            </p>
          }
          confirmLabel="Refuse app"
          pendingLabel="Refusing…"
          danger
        />
      ) : null}
    </div>
  );
}

export default async function AdminAppsPage() {
  const viewer = await guardPage("/admin/apps");
  const [apps, roles] = await Promise.all([listAllApps(), listRoles()]);
  const usage = await usageOfApps(apps.map((app) => app.id));
  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/apps"
        title="OAuth apps"
        description="Every app people registered, and those that registered themselves. Disable one, let a trusted app skip the consent page, give a web app a service role for its own tokens, or shorten its tokens' lifetime."
      />
      {apps.length === 0 ? (
        <Card>
          <p className="text-sm muted">Nobody has registered an app yet.</p>
        </Card>
      ) : null}
      {apps.map((app) => (
        <Card key={app.id} data-app-id={app.id}>
          <div className="space-y-4">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <h2 className="font-semibold">
                  {app.name}
                  {app.disabledAt ? (
                    <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800 dark:bg-red-950 dark:text-red-200">
                      disabled
                    </span>
                  ) : null}
                  <AppReviewBadge review={app.review} />
                </h2>
                <p className="text-xs break-all muted">
                  <code className="font-mono">{app.id}</code> · {app.kind} · by {registrantForAdmin(app)} · registered{" "}
                  <RelativeTime date={app.createdAt} /> · scopes {app.scopes.split(" ").join(", ")}
                </p>
                <AppUsageLine usage={usage.get(app.id)} />
                {app.review !== "approved" ? <ReviewDetails app={app} /> : null}
              </div>
              {app.review !== "approved" ? <ReviewButtons app={app} /> : null}
              <ConfirmAction
                action={setAppDisabledAction}
                fields={{ appId: app.id, disabled: app.disabledAt ? "false" : "true" }}
                triggerLabel={app.disabledAt ? "Enable" : "Disable"}
                triggerVariant={app.disabledAt ? "secondary" : "danger-ghost"}
                title={app.disabledAt ? `Enable “${app.name}”?` : `Disable “${app.name}”?`}
                description={
                  <p>
                    {app.disabledAt
                      ? "It can sign people in and use the tokens it holds again."
                      : "It cannot sign anyone in, and every token it holds is refused until you enable it again."}
                  </p>
                }
                confirmLabel={app.disabledAt ? "Enable app" : "Disable app"}
                pendingLabel="Saving…"
                danger={!app.disabledAt}
              />
            </div>
            <ActionForm
              id={`app-${app.id}`}
              action={updateAppSettingsAction}
              fields={{ appId: app.id }}
              submitLabel="Save settings"
              pendingLabel="Saving…"
              variant="secondary"
            >
              {mayBeFirstParty(app) ? (
                <FormCheckbox
                  name="firstParty"
                  label="First-party: people are not asked to consent (only for apps your organisation runs)"
                  defaultChecked={app.firstParty}
                />
              ) : null}
              {app.kind === "confidential" ? (
                <SelectField
                  name="serviceRole"
                  label="Service role (client credentials: the app's own tokens carry its scopes ∩ this role)"
                  value={app.serviceRole ?? "none"}
                  options={[
                    { value: "none", label: "None" },
                    ...roles.map((role) => ({ value: role.name, label: role.label })),
                  ]}
                />
              ) : null}
              <FormField
                name="accessTokenMinutes"
                label="Access-token lifetime in minutes (empty: 10)"
                inputMode="numeric"
                defaultValue={app.accessTokenSeconds ? String(app.accessTokenSeconds / 60) : ""}
              />
            </ActionForm>
          </div>
        </Card>
      ))}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { SECURITY_ACTIONS } from "@/lib/audit/catalogue";
import { countActionsPerDay, latestOf } from "@/lib/audit/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { can } from "@/lib/auth/policy";
import { pausedEndpoints } from "@/lib/webhooks/queries";
import { listRoles } from "@/lib/roles/queries";
import {
  countActiveAdmins,
  countDisabledPeople,
  countJoinedPerDay,
  countPeople,
  countPeopleByRole,
  namesOf,
} from "@/lib/people/queries";
import { lastDays } from "@/lib/stats/days";
import { countActiveTokensPerDay, countAllActiveTokens } from "@/lib/tokens/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { AuditEntry } from "@/components/admin/audit-entry";
import { CountBars, DailyBarChart } from "@/components/charts/bar-chart";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const viewer = await guardPage("/admin");
  const days = lastDays(30);
  const [
    people,
    admins,
    disabled,
    activeTokens,
    signIns,
    joined,
    tokensPerDay,
    consents,
    byRole,
    security,
    roles,
    paused,
  ] = await Promise.all([
    countPeople(),
    countActiveAdmins(),
    countDisabledPeople(),
    countAllActiveTokens(),
    countActionsPerDay(["auth.sign_in", "auth.sign_in_failed"], days),
    countJoinedPerDay(days),
    countActiveTokensPerDay(days),
    countActionsPerDay(["app.consent_granted", "app.consent_revoked"], days),
    countPeopleByRole(),
    latestOf(SECURITY_ACTIONS, 8),
    listRoles(),
    can(viewer, "manage-webhooks") ? pausedEndpoints() : [],
  ]);
  const names = await namesOf(
    security.flatMap((event) => [event.actorId, event.targetId].filter((id): id is string => id !== null)),
  );
  const stats = [
    { label: "People", value: people, href: "/admin/users" },
    { label: "Active admins", value: admins, href: "/admin/users?role=admin&status=active" },
    { label: "Disabled accounts", value: disabled, href: "/admin/users?status=disabled" },
    { label: "Active API tokens", value: activeTokens, href: "/admin/audit?action=token.created" },
  ];

  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin"
        title="Admin"
        description="Who is here, what they do, and what needs a look."
      />
      {paused.length ? (
        <div data-testid="paused-webhooks">
          <Alert tone="warning">
            {paused.length === 1 ? "A webhook endpoint is paused" : `${paused.length} webhook endpoints are paused`}:{" "}
            {paused.map((endpoint, index) => (
              <span key={endpoint.id}>
                {index ? ", " : ""}
                <Link href={`/admin/webhooks/${endpoint.id}`} className="font-medium underline">
                  {endpoint.url}
                </Link>
              </span>
            ))}
            . Events wait for it; resume it once its receiver answers again.
          </Alert>
        </div>
      ) : null}
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4" data-panel="admin-stats">
        {stats.map((stat) => (
          <Link
            key={stat.label}
            href={stat.href}
            className="rounded-xl border border-slate-200 bg-white p-4 hover:border-indigo-300 dark:border-slate-800 dark:bg-slate-900"
          >
            <span className="block text-sm muted">{stat.label}</span>
            <span className="mt-1 block text-2xl font-bold sm:text-3xl">{stat.value.toLocaleString("en")}</span>
          </Link>
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <DailyBarChart
            title="Sign-ins per day"
            testId="chart-sign-ins"
            days={days}
            series={[
              {
                label: "Signed in",
                values: signIns["auth.sign_in"],
                className: "fill-indigo-500",
                swatchClassName: "bg-indigo-500",
              },
              {
                label: "Failed",
                values: signIns["auth.sign_in_failed"],
                className: "fill-amber-500",
                swatchClassName: "bg-amber-500",
              },
            ]}
          />
        </Card>
        <Card>
          <DailyBarChart
            title="New people per day"
            testId="chart-new-people"
            days={days}
            series={[
              { label: "Joined", values: joined, className: "fill-emerald-500", swatchClassName: "bg-emerald-500" },
            ]}
          />
        </Card>
        <Card>
          <DailyBarChart
            title="Active API tokens"
            testId="chart-active-tokens"
            days={days}
            series={[
              {
                label: "Active at day's end",
                values: tokensPerDay,
                className: "fill-sky-500",
                swatchClassName: "bg-sky-500",
              },
            ]}
          />
        </Card>
        <Card>
          <DailyBarChart
            title="Apps given access per day"
            testId="chart-connected-apps"
            days={days}
            series={[
              {
                label: "Access given",
                values: consents["app.consent_granted"],
                className: "fill-violet-500",
                swatchClassName: "bg-violet-500",
              },
              {
                label: "Taken back",
                values: consents["app.consent_revoked"],
                className: "fill-rose-500",
                swatchClassName: "bg-rose-500",
              },
            ]}
          />
        </Card>
        <Card>
          <CountBars
            title="People by role (active accounts)"
            testId="chart-roles"
            rows={roles.map((role) => ({ label: role.label, value: byRole.get(role.name) ?? 0 }))}
          />
        </Card>
      </div>
      <Card
        title="Latest security events"
        actions={
          <Link href="/admin/audit/verify" className={buttonClasses("secondary")}>
            Verify the audit chain
          </Link>
        }
      >
        {security.length === 0 ? (
          <p className="text-sm muted">
            Nothing yet: no failed or throttled sign-ins, disabled accounts or ended sessions.
          </p>
        ) : (
          <ol className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="security-events">
            {security.map((event) => (
              <AuditEntry key={event.id} event={event} names={names} />
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { guardPage } from "@/lib/auth/guards/page";
import { issuer } from "@/lib/auth/oauth-server/resources";
import { listAppsOf } from "@/lib/auth/oauth-server/apps/queries";
import { usageOfApps } from "@/lib/auth/oauth-server/grants";
import { AppList } from "@/components/oauth/app-list";
import { RegisterAppForm } from "@/components/oauth/register-app-form";
import { SettingsHeader } from "@/components/settings/settings-header";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "OAuth apps" };

export default async function AppsPage() {
  const person = await guardPage("/settings/apps");
  const apps = await listAppsOf(person.id);
  const usage = await usageOfApps(apps.map((app) => app.id));
  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/apps"
        title="OAuth apps"
        description={
          <>
            Register an application so people can let it use Gatehouse for them (“Sign in with Gatehouse”, calling the
            API) without giving it a password. How to integrate:{" "}
            <Link href="/docs/oauth" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              OAuth for integrators
            </Link>
            ; discovery is at <code className="font-mono break-all">{issuer()}/.well-known/openid-configuration</code>.
          </>
        }
      />
      <Card title="New app">
        <RegisterAppForm origin={new URL(issuer()).origin} />
      </Card>
      <Card title="Your apps">
        <AppList apps={apps} usage={usage} />
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/current-user";
import { SCOPE_NAMES, SCOPES, can, type Scope } from "@/lib/auth/policy";
import { formatDateTime } from "@/lib/format";
import { listTokensFor } from "@/lib/tokens/queries";
import { revokeTokenAction } from "@/lib/tokens/actions";
import { SettingsHeader } from "@/components/settings/settings-header";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "API tokens" };

function status(token: { revokedAt: Date | null; expiresAt: Date | null }): string {
  if (token.revokedAt) return "Revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return "Expired";
  return "Active";
}

export default async function TokensPage() {
  const user = await requirePageAccess("/settings/tokens");
  const tokens = await listTokensFor(user.id);
  const roleAllows = Object.fromEntries(SCOPE_NAMES.map((scope) => [scope, SCOPES[scope].every((capability) => can(user, capability))])) as Record<Scope, boolean>;

  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/tokens"
        title="API tokens"
        description={
          <>
          Personal access tokens let other applications call the <Link href="/docs/api" className="font-medium text-indigo-600 dark:text-indigo-400">REST API</Link> as you. A token
          can do what its scopes allow and your role allows, both at the time of each request.
          </>
        }
      />
      <Card title="New token">
        <CreateTokenForm canChooseNever={can(user, "manage")} roleAllows={roleAllows} />
      </Card>
      <Card title="Your tokens">
        <DataTable testId="token-table" rowCount={tokens.length} emptyMessage="You have no tokens yet." columns={["Name", "Scopes", "Created", "Expires", "Last used", "Status", <span key="a" className="sr-only">Actions</span>]}>
          {tokens.map((token) => (
            <tr key={token.id} data-token={token.name} className="align-top">
              <td className="py-3 pr-4">
                <span className="block font-medium">{token.name}</span>
                <code className="text-xs text-slate-500">{token.prefix}…</code>
              </td>
              <td className="py-3 pr-4 font-mono text-xs">{token.scopes.split(" ").join(", ")}</td>
              <td className="py-3 pr-4 whitespace-nowrap">{formatDateTime(token.createdAt)}</td>
              <td className="py-3 pr-4 whitespace-nowrap">{token.expiresAt ? formatDateTime(token.expiresAt) : "Never"}</td>
              <td className="py-3 pr-4">{token.lastUsedAt ? <>{formatDateTime(token.lastUsedAt)}<span className="block text-xs text-slate-500">from {token.lastUsedIp ?? "an unknown address"}</span></> : "Never"}</td>
              <td className="py-3 pr-4">{status(token)}</td>
              <td className="py-3">
                {token.revokedAt ? null : (
                  <ConfirmAction
                    action={revokeTokenAction}
                    fields={{ tokenId: token.id }}
                    triggerLabel="Revoke"
                    triggerVariant="danger-ghost"
                    title={`Revoke “${token.name}”?`}
                    description={<p>Anything using this token loses access at once. This cannot be undone.</p>}
                    confirmLabel="Revoke token"
                    pendingLabel="Revoking…"
                    danger
                  />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </div>
  );
}

import type { TokenListRow } from "@/lib/tokens/queries";
import type { FormState } from "@/lib/forms/form-state";
import { formatDateTime } from "@/lib/format";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { DataTable, Pager } from "@/components/ui/data-table";

function status(token: { revokedAt: Date | null; expiresAt: Date | null }): string {
  if (token.revokedAt) return "Revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= Date.now()) return "Expired";
  return "Active";
}

/** A page of API tokens, with Revoke on the ones that still work (through `revokeAction`). */
export function TokenTable({
  tokens,
  testId,
  emptyMessage,
  revokeAction,
  nextHref,
  firstHref,
}: {
  tokens: TokenListRow[];
  testId: string;
  emptyMessage: string;
  revokeAction?: (previous: FormState, formData: FormData) => Promise<FormState>;
  nextHref?: string;
  firstHref?: string;
}) {
  return (
    <>
      <DataTable
        testId={testId}
        rowCount={tokens.length}
        emptyMessage={emptyMessage}
        columns={[
          "Name",
          "Scopes",
          "Created",
          "Expires",
          "Last used",
          "Status",
          <span key="a" className="sr-only">
            Actions
          </span>,
        ]}
      >
        {tokens.map((token) => (
          <tr key={token.id} data-token={token.name} className="align-top">
            <td className="py-3 pr-4">
              <span className="block font-medium">{token.name}</span>
              <code className="text-xs text-slate-500 dark:text-slate-400">{token.prefix}…</code>
            </td>
            <td className="py-3 pr-4 font-mono text-xs">{token.scopes.split(" ").join(", ")}</td>
            <td className="py-3 pr-4 whitespace-nowrap">{formatDateTime(token.createdAt)}</td>
            <td className="py-3 pr-4 whitespace-nowrap">
              {token.expiresAt ? formatDateTime(token.expiresAt) : "Never"}
            </td>
            <td className="py-3 pr-4">
              {token.lastUsedAt ? (
                <>
                  {formatDateTime(token.lastUsedAt)}
                  <span className="block text-xs text-slate-500 dark:text-slate-400">
                    from {token.lastUsedIp ?? "an unknown address"}
                  </span>
                </>
              ) : (
                "Never"
              )}
            </td>
            <td className="py-3 pr-4">{status(token)}</td>
            <td className="py-3">
              {revokeAction && status(token) === "Active" ? (
                <ConfirmAction
                  action={revokeAction}
                  fields={{ tokenId: token.id }}
                  triggerLabel="Revoke"
                  triggerVariant="danger-ghost"
                  title={`Revoke “${token.name}”?`}
                  description={<p>Anything using this token loses access at once. This cannot be undone.</p>}
                  confirmLabel="Revoke token"
                  pendingLabel="Revoking…"
                  danger
                />
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
      <Pager first={firstHref} next={nextHref} firstLabel="Newest" nextLabel="Older" />
    </>
  );
}

import type { FormState } from "@/lib/forms/form-state";
import { formatRelative } from "@/lib/format";
import type { TokenListRow } from "@/lib/tokens/queries";
import { RevokeTokenButton } from "@/components/tokens/revoke-token-button";
import { Cell, DataTable, Pager, rowClasses } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";

const SOON_MS = 7 * 24 * 3600 * 1000;

function Expiry({ token, now }: { token: TokenListRow; now: Date }) {
  if (token.revokedAt)
    return (
      <span>
        Revoked <RelativeTime date={token.revokedAt} />
      </span>
    );
  if (!token.expiresAt) return <span className="text-amber-800 dark:text-amber-300">Never expires</span>;
  if (token.expiresAt <= now)
    return (
      <span>
        Expired <RelativeTime date={token.expiresAt} />
      </span>
    );
  const soon = token.expiresAt.getTime() - now.getTime() < SOON_MS;
  return (
    <span
      className={soon ? "font-medium text-amber-800 dark:text-amber-300" : undefined}
      data-expires-soon={soon || undefined}
    >
      Expires <time dateTime={token.expiresAt.toISOString()}>{formatRelative(token.expiresAt, now)}</time>
    </span>
  );
}

/** A page of API tokens, with Revoke on the ones that still work (through `revokeAction`). */
export function TokenTable({
  tokens,
  testId,
  caption,
  emptyMessage,
  revokeAction,
  nextHref,
  previousHref,
}: {
  tokens: TokenListRow[];
  testId: string;
  caption: string;
  emptyMessage: string;
  revokeAction?: (previous: FormState, formData: FormData) => Promise<FormState>;
  nextHref?: string;
  previousHref?: string;
}) {
  const now = new Date();
  return (
    <>
      <DataTable
        testId={testId}
        caption={caption}
        rowCount={tokens.length}
        emptyMessage={emptyMessage}
        columns={[
          "Name",
          "Scopes",
          "Created",
          "Expiry",
          "Last used",
          <span key="a" className="sr-only">
            Actions
          </span>,
        ]}
      >
        {tokens.map((token) => (
          <tr
            key={token.id}
            data-token={token.name}
            data-token-id={token.id}
            className={`${rowClasses} transition-colors data-[new]:bg-indigo-50 dark:data-[new]:bg-indigo-950`}
          >
            <Cell label="Name">
              <span className="block font-medium">{token.name}</span>
              <code className="text-xs muted">{token.prefix}…</code>
            </Cell>
            <Cell label="Scopes" className="font-mono text-xs">
              {token.scopes.split(" ").join(", ")}
            </Cell>
            <Cell label="Created">
              <RelativeTime date={token.createdAt} />
            </Cell>
            <Cell label="Expiry">
              <Expiry token={token} now={now} />
            </Cell>
            <Cell label="Last used">
              {token.lastUsedAt ? (
                <>
                  <RelativeTime date={token.lastUsedAt} />
                  <span className="block text-xs muted">from {token.lastUsedIp ?? "an unknown address"}</span>
                </>
              ) : (
                "Never"
              )}
            </Cell>
            <Cell label="Actions" last>
              {revokeAction && !token.revokedAt && !(token.expiresAt && token.expiresAt <= now) ? (
                <RevokeTokenButton action={revokeAction} tokenId={token.id} name={token.name} />
              ) : null}
            </Cell>
          </tr>
        ))}
      </DataTable>
      <Pager previous={previousHref} next={nextHref} previousLabel="Newer" nextLabel="Older" />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { guardPage } from "@/lib/auth/guards/page";
import { SCOPE_NAMES, SCOPES, can, type Scope } from "@/lib/auth/policy";
import { ACTIVE_TOKEN_LIMIT } from "@/lib/tokens/commands";
import { listTokensPage } from "@/lib/tokens/queries";
import { revokeTokenAction } from "@/lib/tokens/actions";
import { SettingsHeader } from "@/components/settings/settings-header";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { TokenTable } from "@/components/tokens/token-table";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "API tokens" };

const searchSchema = z.object({
  active: z.string().max(200).optional().catch(undefined),
  inactive: z.string().max(200).optional().catch(undefined),
});

export default async function TokensPage({ searchParams }: PageProps<"/settings/tokens">) {
  const person = await guardPage("/settings/tokens");
  const search = searchSchema.parse(await searchParams);
  const [active, inactive] = await Promise.all([
    listTokensPage(person.id, "active", search.active),
    listTokensPage(person.id, "inactive", search.inactive),
  ]);
  const roleAllows = Object.fromEntries(
    SCOPE_NAMES.map((scope) => [scope, SCOPES[scope].every((capability) => can(person, capability))]),
  ) as Record<Scope, boolean>;
  const pageLink = (list: "active" | "inactive", cursor?: string) => {
    const params = new URLSearchParams();
    const other = list === "active" ? search.inactive : search.active;
    if (other) params.set(list === "active" ? "inactive" : "active", other);
    if (cursor) params.set(list, cursor);
    return `/settings/tokens${params.size ? `?${params}` : ""}`;
  };

  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/tokens"
        title="API tokens"
        description={
          <>
            Personal access tokens let other applications call the{" "}
            <Link href="/docs/api" className="font-medium text-indigo-600 dark:text-indigo-400">
              REST API
            </Link>{" "}
            as you. A token can do what its scopes allow and your role allows, both at the time of each request. You can
            hold up to {ACTIVE_TOKEN_LIMIT} active tokens.
          </>
        }
      />
      <Card title="New token">
        <CreateTokenForm canChooseNever={can(person, "manage")} roleAllows={roleAllows} />
      </Card>
      <Card title="Your tokens">
        <TokenTable
          tokens={active.tokens}
          testId="token-table"
          emptyMessage="You have no active tokens."
          revokeAction={revokeTokenAction}
          firstHref={search.active ? pageLink("active") : undefined}
          nextHref={active.nextCursor ? pageLink("active", active.nextCursor) : undefined}
        />
      </Card>
      {inactive.tokens.length > 0 || search.inactive ? (
        <Card title="Revoked and expired">
          <TokenTable
            tokens={inactive.tokens}
            testId="inactive-token-table"
            emptyMessage="None."
            firstHref={search.inactive ? pageLink("inactive") : undefined}
            nextHref={inactive.nextCursor ? pageLink("inactive", inactive.nextCursor) : undefined}
          />
        </Card>
      ) : null}
    </div>
  );
}

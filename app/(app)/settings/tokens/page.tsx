import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { guardPage } from "@/lib/auth/guards/page";
import {
  SCOPE_NAMES,
  can,
  scopeWithinRole,
  type ArticleCapability,
  type Capability,
  type Scope,
} from "@/lib/auth/policy";
import { ACTIVE_TOKEN_LIMIT } from "@/lib/tokens/commands";
import { listTokensPage } from "@/lib/tokens/queries";
import { revokeTokenAction } from "@/lib/actions/tokens";
import { SettingsHeader } from "@/components/settings/settings-header";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { TokenTable } from "@/components/tokens/token-table";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "API tokens" };

const cursor = z.string().max(200).optional().catch(undefined);
const searchSchema = z.object({ after: cursor, before: cursor, oldAfter: cursor, oldBefore: cursor });

// Scopes cover articles only (lib/auth/policy.ts SCOPES): no token reaches the admin panel.
const DOING: Record<ArticleCapability, string> = {
  read: "reading",
  create: "creating",
  "update-own": "editing your own articles",
  "delete-own": "deleting your own articles",
  update: "editing anyone's",
  delete: "deleting anyone's",
};

/** What the person's role allows of a scope now, said per capability; null when it allows all of it. */
function roleNote(person: Parameters<typeof scopeWithinRole>[0], scope: Scope): string | null {
  const { allows, refuses } = scopeWithinRole(person, scope);
  if (refuses.length === 0) return null;
  if (allows.length === 0) return "Your role does not allow this now; the token can use it only if your role grows.";
  const list = (capabilities: Capability[]) =>
    capabilities.map((capability) => DOING[capability as ArticleCapability] ?? capability).join(" and ");
  return `Your role allows ${list(allows)}, not ${list(refuses)}, now; the token can do the rest only if your role grows.`;
}

export default async function TokensPage({ searchParams }: PageProps<"/settings/tokens">) {
  const person = await guardPage("/settings/tokens");
  const search = searchSchema.parse(await searchParams);
  const [active, inactive] = await Promise.all([
    listTokensPage(person.id, "active", { after: search.after, before: search.before }),
    listTokensPage(person.id, "inactive", { after: search.oldAfter, before: search.oldBefore }),
  ]);
  const roleNotes = Object.fromEntries(SCOPE_NAMES.map((scope) => [scope, roleNote(person, scope)])) as Record<
    Scope,
    string | null
  >;
  const link = (params: Record<string, string | undefined>) => {
    const query = new URLSearchParams(
      Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
    );
    return `/settings/tokens${query.size ? `?${query}` : ""}`;
  };
  const keepOld = { oldAfter: search.oldAfter, oldBefore: search.oldBefore };
  const keepActive = { after: search.after, before: search.before };

  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/tokens"
        title="API tokens"
        description={
          <>
            Personal access tokens let other applications call the{" "}
            <Link href="/docs/api" className="font-medium text-indigo-700 underline dark:text-indigo-300">
              REST API
            </Link>{" "}
            as you. A token can do what its scopes allow and your role allows, both at the time of each request. You can
            hold up to {ACTIVE_TOKEN_LIMIT} active tokens.
          </>
        }
      />
      <Card title="New token">
        <CreateTokenForm canChooseNever={can(person, "manage-security")} roleNotes={roleNotes} />
      </Card>
      <Card title="Your tokens">
        <TokenTable
          tokens={active.tokens}
          testId="token-table"
          caption="Your active API tokens"
          emptyMessage="You have no active tokens."
          revokeAction={revokeTokenAction}
          previousHref={active.previousCursor ? link({ before: active.previousCursor, ...keepOld }) : undefined}
          nextHref={active.nextCursor ? link({ after: active.nextCursor, ...keepOld }) : undefined}
        />
      </Card>
      {inactive.tokens.length > 0 ? (
        <Card title="Revoked and expired">
          <TokenTable
            tokens={inactive.tokens}
            testId="inactive-token-table"
            caption="Revoked and expired API tokens"
            emptyMessage="None."
            previousHref={
              inactive.previousCursor ? link({ oldBefore: inactive.previousCursor, ...keepActive }) : undefined
            }
            nextHref={inactive.nextCursor ? link({ oldAfter: inactive.nextCursor, ...keepActive }) : undefined}
          />
        </Card>
      ) : null}
    </div>
  );
}

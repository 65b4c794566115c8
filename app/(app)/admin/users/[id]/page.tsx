import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { findPerson } from "@/lib/people/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { isRole } from "@/lib/auth/policy";
import { formatDate } from "@/lib/format";
import { listTokensPage } from "@/lib/tokens/queries";
import { revokePersonTokenAction } from "@/lib/tokens/actions";
import { idInput } from "@/lib/validation/text";
import { AdminHeader } from "@/components/admin/admin-nav";
import { PersonActions } from "@/components/admin/person-actions";
import { TokenTable } from "@/components/tokens/token-table";
import { Card } from "@/components/ui/card";
import { RoleBadge } from "@/components/ui/role-badge";

export const metadata: Metadata = { title: "Person" };

const personIdSchema = idInput("Missing person id.", "That person id is not valid.");
const cursor = z.string().max(200).optional().catch(undefined);
const searchSchema = z.object({ after: cursor, before: cursor });

export default async function PersonPage({ params, searchParams }: PageProps<"/admin/users/[id]">) {
  const { id } = await params;
  await guardPage(`/admin/users/${id}`);
  const parsedId = personIdSchema.safeParse(id);
  const person = parsedId.success ? await findPerson(parsedId.data) : null;
  if (!person) notFound();
  const search = searchSchema.parse(await searchParams);
  const tokens = await listTokensPage(person.id, "active", search);

  return (
    <div className="space-y-6">
      <AdminHeader
        current="/admin/users"
        title={person.name ?? person.email}
        description={`${person.email} · joined ${formatDate(person.createdAt)}`}
      />
      <Card title="Access">
        <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="person-summary">
          {isRole(person.role) ? <RoleBadge role={person.role} /> : person.role}
          <span>{person.disabledAt ? <span className="text-red-600 dark:text-red-400">Disabled</span> : "Active"}</span>
        </div>
        <div className="mt-4">
          <PersonActions
            person={{ id: person.id, email: person.email, role: person.role, disabled: Boolean(person.disabledAt) }}
          />
        </div>
      </Card>
      <Card title="Active API tokens">
        <TokenTable
          tokens={tokens.tokens}
          testId="person-token-table"
          caption={`Active API tokens of ${person.email}`}
          emptyMessage="This person has no active API tokens."
          revokeAction={revokePersonTokenAction}
          previousHref={
            tokens.previousCursor
              ? `/admin/users/${person.id}?before=${encodeURIComponent(tokens.previousCursor)}`
              : undefined
          }
          nextHref={
            tokens.nextCursor ? `/admin/users/${person.id}?after=${encodeURIComponent(tokens.nextCursor)}` : undefined
          }
        />
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { findPerson } from "@/lib/people/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { IMPERSONATION_MINUTES, can, mayImpersonate } from "@/lib/auth/policy";
import { startViewingAction } from "@/lib/actions/impersonation";
import { givableRoles, listRoles, roleLabels, withCapabilities } from "@/lib/roles/queries";
import { formatDate } from "@/lib/format";
import { listTokensPage } from "@/lib/tokens/queries";
import { describeAddress, summariseUserAgent } from "@/lib/audit/describe";
import { listSessions, signedInWithWords } from "@/lib/auth/session/sessions";
import { endPersonSessionAction, resendVerificationForAction, sendResetLinkForAction } from "@/lib/actions/people";
import { SessionList } from "@/components/settings/session-list";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { resetSecondFactorForAction } from "@/lib/actions/second-factor";
import { secondFactorStatus } from "@/lib/auth/second-factor/factors";
import { ActionForm, FormField } from "@/components/ui/action-form";
import { revokePersonTokenAction } from "@/lib/actions/tokens";
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
  const viewer = await guardPage(`/admin/users/${id}`);
  const parsedId = personIdSchema.safeParse(id);
  const person = parsedId.success ? await findPerson(parsedId.data) : null;
  if (!person) notFound();
  const search = searchSchema.parse(await searchParams);
  const [tokens, sessions, secondFactor, roles] = await Promise.all([
    listTokensPage(person.id, "active", search),
    listSessions(person.id),
    secondFactorStatus(person.id),
    listRoles(),
  ]);

  const managesAccess = can(viewer, "manage-access");
  // "View as": offered only when the policy would allow it (someone holding no more than the viewer).
  const mayView = mayImpersonate(viewer, await withCapabilities({ id: person.id, role: person.role }));
  return (
    <div className="space-y-6">
      <AdminHeader
        person={viewer}
        current="/admin/users"
        title={person.name ?? person.email}
        description={`${person.email} · joined ${formatDate(person.createdAt)}`}
      />
      <Card title="Access">
        <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="person-summary">
          <RoleBadge role={person.role} label={roleLabels(roles).get(person.role)} />
          <span>{person.disabledAt ? <span className="text-red-600 dark:text-red-400">Disabled</span> : "Active"}</span>
          <span data-testid="email-status">
            {person.emailVerified ? (
              "Address confirmed"
            ) : (
              <span className="text-amber-700 dark:text-amber-300">Address not confirmed</span>
            )}
          </span>
          <span data-testid="second-factor-status">
            {secondFactor.totp || secondFactor.passkeys
              ? `Two-step sign-in on (${[
                  secondFactor.totp ? "authenticator app" : null,
                  secondFactor.passkeys
                    ? `${secondFactor.passkeys} passkey${secondFactor.passkeys === 1 ? "" : "s"}`
                    : null,
                  `${secondFactor.recoveryCodesLeft} recovery code${secondFactor.recoveryCodesLeft === 1 ? "" : "s"} left`,
                ]
                  .filter(Boolean)
                  .join(", ")})`
              : "Two-step sign-in off"}
          </span>
        </div>
        <div className="mt-4">
          <PersonActions
            person={{ id: person.id, email: person.email, role: person.role, disabled: Boolean(person.disabledAt) }}
            roles={givableRoles(viewer, roles)}
            canManageAccess={managesAccess}
          />
          {managesAccess && (secondFactor.totp || secondFactor.passkeys) ? (
            <div className="mt-2">
              <ConfirmAction
                action={resetSecondFactorForAction}
                fields={{ personId: person.id }}
                triggerLabel="Reset two-step sign-in"
                triggerVariant="danger-ghost"
                title={`Reset two-step sign-in of ${person.email}?`}
                description={
                  <p>
                    Their authenticator app, recovery codes and passkeys stop working and every session of theirs ends.
                    Do this only once you are sure who asked: they then sign in with their password alone.
                  </p>
                }
                confirmLabel="Reset"
                pendingLabel="Resetting…"
                danger
              />
            </div>
          ) : null}
        </div>
      </Card>
      {mayView ? (
        <Card title="View as">
          <ActionForm
            id="view-as"
            action={startViewingAction}
            fields={{ personId: person.id }}
            submitLabel={`View as ${person.name ?? person.email}`}
            pendingLabel="Starting…"
            variant="secondary"
          >
            <FormField name="reason" label="Why (they are told, and the audit log keeps it)" maxLength={300} required />
          </ActionForm>
          <p className="mt-3 text-sm muted">
            You see Gatehouse as they do, read-only, for {IMPERSONATION_MINUTES} minutes at most: nothing can be
            changed, no app signed in to and no token made. They get a mail, and see it in their sessions.
          </p>
        </Card>
      ) : null}
      {/* The rest is managing access: someone who only changes roles sees the role, not this. */}
      {managesAccess ? (
        <>
          <Card title="Sign-in help">
            <div className="flex flex-wrap items-start gap-4">
              {person.emailVerified ? null : (
                <ActionForm
                  id="resend-verification"
                  action={resendVerificationForAction}
                  fields={{ personId: person.id }}
                  submitLabel="Send a new confirmation link"
                  pendingLabel="Sending…"
                  variant="secondary"
                />
              )}
              <ActionForm
                id="send-reset-link"
                action={sendResetLinkForAction}
                fields={{ personId: person.id }}
                submitLabel="Send a password reset link"
                pendingLabel="Sending…"
                variant="secondary"
              />
            </div>
            <p className="mt-3 text-sm muted">Links go to {person.email} only. Admins never see or set passwords.</p>
          </Card>
          <Card title="Sessions">
            <SessionList
              sessions={sessions.map((session) => ({
                sid: session.sid,
                browser: summariseUserAgent(session.userAgent) ?? "An unknown browser",
                address: describeAddress(session.ip),
                signedInWith: signedInWithWords(session.signedInWith),
                signedInAt: session.createdAt.toISOString(),
                lastSeenAt: session.lastSeenAt.toISOString(),
              }))}
              action={endPersonSessionAction}
              fields={{ personId: person.id }}
              owner={person.email}
            />
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
                tokens.nextCursor
                  ? `/admin/users/${person.id}?after=${encodeURIComponent(tokens.nextCursor)}`
                  : undefined
              }
            />
          </Card>
        </>
      ) : null}
    </div>
  );
}

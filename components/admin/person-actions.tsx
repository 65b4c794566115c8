"use client";

import { useState } from "react";
import { REVOKE_API_ACCESS_LABEL } from "@/lib/auth/policy";
import { changeRoleAction, endSessionsAction, setDisabledAction } from "@/lib/actions/people";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { selectClasses } from "@/components/ui/select-field";

type Person = { id: string; email: string; role: string; disabled: boolean; isYou?: boolean };

function IncludesYou() {
  return (
    <p
      className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
      data-testid="includes-you"
    >
      This is your own account: it includes you, on this device too.
    </p>
  );
}

/** A role the viewer may give (it carries nothing the viewer lacks), as the select lists it. */
export type GivableRole = { name: string; label: string };

function ChangeRole({ person, roles }: { person: Person; roles: readonly GivableRole[] }) {
  const [chosen, setChosen] = useState(person.role);
  return (
    <ConfirmAction
      action={changeRoleAction}
      fields={{ personId: person.id }}
      triggerLabel="Change role"
      title={`Change the role of ${person.email}?`}
      description={
        <p>
          Their role now is <strong>{person.role}</strong>. The new role applies to their next request; they stay signed
          in.
        </p>
      }
      confirmLabel="Change role"
      pendingLabel="Changing…"
      canConfirm={chosen !== person.role}
    >
      <label className="block space-y-1.5 text-sm font-medium">
        <span>New role</span>
        <select
          name="role"
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
          className={selectClasses}
        >
          {roles.some((role) => role.name === person.role) ? null : (
            <option value={person.role}>{person.role} (current)</option>
          )}
          {roles.map((role) => (
            <option key={role.name} value={role.name}>
              {role.label}
              {role.name === person.role ? " (current)" : ""}
            </option>
          ))}
        </select>
      </label>
      {chosen === person.role ? <p className="text-sm muted">Pick a role other than the current one.</p> : null}
    </ConfirmAction>
  );
}

/**
 * `roles`: the roles the viewer may give, or null when its role may not change roles (lib/auth/policy.ts
 * change-roles): then no such control. The server refuses anything else whatever the form sends.
 */
export function PersonActions({
  person,
  roles,
  canManageAccess,
}: {
  person: Person;
  roles: readonly GivableRole[] | null;
  /** Whether the viewer may disable people and end their sessions (manage-access). */
  canManageAccess: boolean;
}) {
  return (
    <div className="flex flex-wrap items-start gap-2" data-testid={`actions-${person.email}`}>
      {roles ? <ChangeRole person={person} roles={roles} /> : null}
      {canManageAccess ? <AccessActions person={person} /> : null}
    </div>
  );
}

function AccessActions({ person }: { person: Person }) {
  return (
    <>
      <ConfirmAction
        action={setDisabledAction}
        fields={{ personId: person.id, disabled: String(!person.disabled) }}
        triggerLabel={person.disabled ? "Enable" : "Disable"}
        triggerVariant={person.disabled ? "secondary" : "danger-ghost"}
        title={person.disabled ? `Enable ${person.email}?` : `Disable ${person.email}?`}
        description={
          person.disabled ? (
            <p>They will be able to sign in again. Their old sessions, API tokens and app access stay ended.</p>
          ) : (
            <>
              <p>
                They are signed out at their next request and cannot sign in until enabled again. Their API tokens and
                the access they gave apps are revoked and stay revoked.
              </p>
              {person.isYou ? <IncludesYou /> : null}
            </>
          )
        }
        confirmLabel={person.disabled ? "Enable account" : "Disable account"}
        pendingLabel={person.disabled ? "Enabling…" : "Disabling…"}
        danger={!person.disabled}
      />
      <ConfirmAction
        action={endSessionsAction}
        fields={{ personId: person.id }}
        triggerLabel="End sessions"
        triggerVariant="ghost"
        title={`End every session of ${person.email}?`}
        description={
          <>
            <p>They are signed out on every device at their next request and can sign in again.</p>
            {person.isYou ? <IncludesYou /> : null}
          </>
        }
        confirmLabel="End sessions"
        pendingLabel="Ending…"
        danger
      >
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="revokeTokens" defaultChecked className="mt-1 size-4" />
          <span>
            {REVOKE_API_ACCESS_LABEL}
            <span className="block text-xs muted">
              A stolen session can have minted tokens and given apps access that outlive it.
            </span>
          </span>
        </label>
      </ConfirmAction>
    </>
  );
}

"use client";

import { useState } from "react";
import { REVOKE_API_ACCESS_LABEL, ROLES, type Role } from "@/lib/auth/policy";
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

function ChangeRole({ person }: { person: Person }) {
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
          {ROLES.map((role: Role) => (
            <option key={role} value={role}>
              {role}
              {role === person.role ? " (current)" : ""}
            </option>
          ))}
        </select>
      </label>
      {chosen === person.role ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Pick a role other than the current one.</p>
      ) : null}
    </ConfirmAction>
  );
}

/** `canChangeRoles`: whether the viewer's role may (lib/auth/policy.ts change-roles); if not, no such control. */
export function PersonActions({ person, canChangeRoles }: { person: Person; canChangeRoles: boolean }) {
  return (
    <div className="flex flex-wrap items-start gap-2" data-testid={`actions-${person.email}`}>
      {canChangeRoles ? <ChangeRole person={person} /> : null}
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
            <span className="block text-xs text-slate-600 dark:text-slate-400">
              A stolen session can have minted tokens and given apps access that outlive it.
            </span>
          </span>
        </label>
      </ConfirmAction>
    </div>
  );
}

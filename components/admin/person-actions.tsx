"use client";

import { changeRoleAction, endSessionsAction, setDisabledAction } from "@/lib/people/actions";
import { ROLES, type Role } from "@/lib/auth/policy";
import { ConfirmAction } from "@/components/ui/confirm-action";

type Person = { id: string; email: string; role: string; disabled: boolean };

export function PersonActions({ person }: { person: Person }) {
  return (
    <div className="flex flex-wrap items-start gap-2" data-testid={`actions-${person.email}`}>
      <ConfirmAction
        action={changeRoleAction}
        fields={{ personId: person.id }}
        triggerLabel="Change role"
        title={`Change the role of ${person.email}?`}
        description={<p>The new role applies to their next request; they stay signed in.</p>}
        confirmLabel="Change role"
        pendingLabel="Changing…"
      >
        <label className="block space-y-1.5 text-sm font-medium">
          <span>New role</span>
          <select
            name="role"
            defaultValue={person.role}
            className="block w-full rounded-md border-0 bg-white px-3 py-2 ring-1 ring-inset ring-slate-300 dark:bg-slate-800 dark:ring-slate-700"
          >
            {ROLES.map((role: Role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
      </ConfirmAction>
      <ConfirmAction
        action={setDisabledAction}
        fields={{ personId: person.id, disabled: String(!person.disabled) }}
        triggerLabel={person.disabled ? "Enable" : "Disable"}
        triggerVariant={person.disabled ? "secondary" : "danger-ghost"}
        title={person.disabled ? `Enable ${person.email}?` : `Disable ${person.email}?`}
        description={
          person.disabled ? (
            <p>They will be able to sign in again.</p>
          ) : (
            <p>
              They are signed out at their next request and cannot sign in until enabled again. Their API tokens are
              revoked and stay revoked.
            </p>
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
        description={<p>They are signed out on every device at their next request and can sign in again.</p>}
        confirmLabel="End sessions"
        pendingLabel="Ending…"
        danger
      >
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="revokeTokens" defaultChecked className="mt-1" />
          <span>
            Also revoke their API tokens
            <span className="block text-xs text-slate-500 dark:text-slate-400">
              A stolen session can have minted tokens that outlive it.
            </span>
          </span>
        </label>
      </ConfirmAction>
    </div>
  );
}

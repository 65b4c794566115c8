import type { ReactNode } from "react";
import { SCOPE_DESCRIPTIONS, SCOPE_NAMES, type Scope } from "@/lib/auth/policy";

/**
 * The API's scopes as checkboxes named "scopes" (lib/auth/scopes-field.ts reads them back), each with
 * what it allows in plain words; `note` adds a line under a scope (e.g. "your role does not allow
 * this now"). Used where a personal token is made and where an app is registered.
 */
export function ScopeCheckboxes({
  id,
  legend,
  chosen,
  errors,
  note,
}: {
  id: string;
  legend: string;
  chosen: ReadonlySet<string>;
  errors?: string[];
  note?: (scope: Scope) => ReactNode;
}) {
  const errorId = `${id}-scopes-error`;
  return (
    <fieldset className="space-y-2" aria-describedby={errors ? errorId : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      {SCOPE_NAMES.map((scope) => (
        <label key={scope} className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="scopes"
            value={scope}
            defaultChecked={chosen.has(scope)}
            className="mt-0.5 size-4"
          />
          <span>
            <code className="font-mono">{scope}</code> — {SCOPE_DESCRIPTIONS[scope]}
            {note?.(scope)}
          </span>
        </label>
      ))}
      {errors ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {errors[0]}
        </p>
      ) : null}
    </fieldset>
  );
}

"use client";

import { useActionState, useId, useRef } from "react";
import { idleFormState, type FormState } from "@/lib/forms/form-state";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  /** Hidden fields sent with the confirmation. */
  fields: Record<string, string>;
  triggerLabel: string;
  triggerVariant?: "secondary" | "ghost" | "danger-ghost";
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  danger?: boolean;
  /** Extra inputs shown in the dialog, e.g. the new role. */
  children?: React.ReactNode;
};

/**
 * A button that asks first: it opens a dialog, and only the dialog's confirm button submits.
 * The result (or the server's refusal) is announced next to the button.
 */
export function ConfirmAction({
  action,
  fields,
  triggerLabel,
  triggerVariant = "secondary",
  title,
  description,
  confirmLabel,
  pendingLabel,
  danger,
  children,
}: Props) {
  const [state, formAction] = useActionState(action, idleFormState);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button type="button" variant={triggerVariant} onClick={() => dialog.current?.showModal()}>
        {triggerLabel}
      </Button>
      {state.message ? (
        <span
          role={state.status === "error" ? "alert" : "status"}
          className={`text-xs ${state.status === "error" ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}`}
        >
          {state.message}
        </span>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
      >
        <form action={formAction} onSubmit={() => dialog.current?.close()} className="space-y-4">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="text-sm text-slate-600 dark:text-slate-400">{description}</div>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {children}
          <div className="flex justify-end gap-3">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <SubmitButton variant={danger ? "danger" : "primary"} pendingLabel={pendingLabel}>
              {confirmLabel}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </span>
  );
}

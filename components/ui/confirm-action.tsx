"use client";

import { useId, useRef } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { Button } from "@/components/ui/button";
import { ConfirmableFields, asksToConfirm, useConfirmableAction } from "@/components/ui/confirm-identity-fields";
import { SubmitButton } from "@/components/ui/submit-button";
import { toast } from "@/components/ui/toaster";

/**
 * Closing the dialog gives focus back to its button. If the server's answer then removes the button
 * (its row went away), focus moves to the list that held it, or the page's heading, rather than
 * falling to the top of the document. The answer's new page arrives a moment after the action's
 * result, so this watches for the button to go for a short while.
 */
function keepFocusNearby(button: HTMLElement | null, list: HTMLElement | null, waitedMs = 0) {
  if (button?.isConnected) {
    if (waitedMs < 2000) setTimeout(() => keepFocusNearby(button, list, waitedMs + 50), 50);
    return;
  }
  const target = list?.isConnected ? list : document.querySelector<HTMLElement>("main h1");
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
}

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
  /** Keeps the confirm button disabled while false (e.g. "no change" picked in the dialog). */
  canConfirm?: boolean;
  /** Runs once the action has succeeded, after the toast. */
  onSuccess?: () => void;
};

/**
 * A button that asks first: it opens a dialog, and only the dialog's confirm button submits. A
 * refusal is shown in the dialog, which stays open; a result is announced at page level (a toast),
 * because the row holding the button may change or vanish. Focus then goes back to the button, or,
 * when its row is gone, to the list that held it.
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
  canConfirm = true,
  onSuccess,
}: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const region = useRef<HTMLElement | null>(null);
  const titleId = useId();
  // The toast and the focus move happen when the answer arrives, not in an effect of this component:
  // the answer may remove the row this component sits in before any effect of it could run.
  const { state, formAction, submitted, remember } = useConfirmableAction(
    async (previous: FormState, formData: FormData) => {
      const result = await action(previous, formData);
      if (result.status === "success") {
        dialog.current?.close();
        if (result.message) toast(result.message);
        onSuccess?.();
        const list = region.current;
        keepFocusNearby(trigger.current, list);
      }
      return result;
    },
  );

  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        ref={trigger}
        type="button"
        variant={triggerVariant}
        onClick={() => {
          region.current = trigger.current?.closest<HTMLElement>("[data-focus-region]") ?? null;
          dialog.current?.showModal();
        }}
      >
        {triggerLabel}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
      >
        <form action={formAction} onSubmit={remember} className="space-y-4">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="text-sm muted">{description}</div>
          <ConfirmableFields id={titleId} state={state} submitted={submitted}>
            {Object.entries(fields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            {children}
          </ConfirmableFields>
          {state.status === "error" && state.message && !asksToConfirm(state) ? (
            <p
              role="alert"
              className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
            >
              {state.message}
            </p>
          ) : null}
          <div className="flex flex-wrap justify-end gap-3">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <SubmitButton variant={danger ? "danger" : "primary"} pendingLabel={pendingLabel} disabled={!canConfirm}>
              {confirmLabel}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </span>
  );
}

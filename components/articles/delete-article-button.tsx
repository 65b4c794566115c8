"use client";

import { useActionState, useRef } from "react";
import { deleteArticleAction } from "@/lib/articles/actions";
import { idleFormState } from "@/lib/forms/form-state";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";

/** Delete with a confirmation dialog; the action checks the delete capability again on the server. */
export function DeleteArticleButton({ id, title }: { id: string; title: string }) {
  const [state, formAction] = useActionState(deleteArticleAction, idleFormState);
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button type="button" variant="danger-ghost" onClick={() => dialog.current?.showModal()}>
        Delete
      </Button>
      {state.status === "error" && state.message ? (
        <span role="alert" className="text-sm text-red-600 dark:text-red-400">{state.message}</span>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={`delete-${id}-title`}
        className="m-auto w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100"
      >
        <form action={formAction} onSubmit={() => dialog.current?.close()} className="space-y-4">
          <h2 id={`delete-${id}-title`} className="text-lg font-semibold">Delete this article?</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            “{title}” will be removed for everyone. This cannot be undone.
          </p>
          <input type="hidden" name="id" value={id} />
          <div className="flex justify-end gap-3">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>Cancel</Button>
            <SubmitButton variant="danger" pendingLabel="Deleting…">Delete article</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}

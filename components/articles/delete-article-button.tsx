"use client";

import { deleteArticleAction } from "@/lib/articles/actions";
import { ConfirmAction } from "@/components/ui/confirm-action";

/** Delete with a confirmation dialog; the action checks the delete capability again on the server. */
export function DeleteArticleButton({ id, title }: { id: string; title: string }) {
  return (
    <ConfirmAction
      action={deleteArticleAction}
      fields={{ id }}
      triggerLabel="Delete"
      triggerVariant="danger-ghost"
      title="Delete this article?"
      description={<p>“{title}” will be removed for everyone. This cannot be undone.</p>}
      confirmLabel="Delete article"
      pendingLabel="Deleting…"
      danger
    />
  );
}

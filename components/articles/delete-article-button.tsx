"use client";

import { useRouter } from "next/navigation";
import { deleteArticleAction } from "@/lib/actions/articles";
import { ConfirmAction } from "@/components/ui/confirm-action";

/**
 * Delete with a confirmation dialog; the action checks the delete capability again on the server.
 * On the article's own page, a deleted article sends the reader back to the list.
 */
export function DeleteArticleButton({
  id,
  title,
  backToList = false,
}: {
  id: string;
  title: string;
  backToList?: boolean;
}) {
  const router = useRouter();
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
      onSuccess={backToList ? () => router.push("/dashboard") : undefined}
    />
  );
}

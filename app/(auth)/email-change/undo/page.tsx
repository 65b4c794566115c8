import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { undoEmailChangeAction } from "@/lib/actions/email";
import { emailChangeLinkState } from "@/lib/auth/email/change";
import { LINK_PROBLEM_MESSAGES } from "@/lib/auth/email/links";
import { LinkProblem } from "@/components/auth/link-problem";
import { ActionForm } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";

// The link's secret is in this page's address: no Referer carries it anywhere.
export const metadata: Metadata = { title: "Undo the change of address", referrer: "no-referrer" };

const searchSchema = z.object({
  token: z.string().max(100).optional().catch(undefined),
  undone: z.literal("1").optional().catch(undefined),
});

export default async function UndoEmailChangePage({ searchParams }: PageProps<"/email-change/undo">) {
  const { token, undone } = searchSchema.parse(await searchParams);
  if (undone) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold tracking-tight">The change is undone</h1>
        <Alert tone="success">
          Your old address is back. Every session of the account has ended and its API tokens are revoked.
        </Alert>
        <p className="text-sm muted">
          If you did not make the change, someone else knew your password: choose a new one now.
        </p>
        <Link href="/forgot-password" className={buttonClasses("primary")}>
          Choose a new password
        </Link>
      </div>
    );
  }
  const link = await emailChangeLinkState(token, "undo-email-change");
  if (typeof link === "string") {
    return (
      <LinkProblem
        title="This link cannot undo the change"
        message={`${LINK_PROBLEM_MESSAGES[link]} If someone took over your account, reset your password and tell an admin.`}
        next={{ href: "/forgot-password", label: "Reset my password" }}
      />
    );
  }
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Undo the change of address</h1>
        <p className="text-sm muted">
          Your account’s address goes back from <strong>{link.email}</strong> to{" "}
          <strong className="text-slate-900 dark:text-slate-100">{link.previousEmail}</strong>. Every session of the
          account ends and its API tokens are revoked, so whoever made the change is signed out.
        </p>
      </div>
      <ActionForm
        id="undo-email-change"
        action={undoEmailChangeAction}
        fields={{ token: token ?? "" }}
        submitLabel="Undo the change"
        pendingLabel="Undoing…"
        variant="danger"
      />
    </div>
  );
}

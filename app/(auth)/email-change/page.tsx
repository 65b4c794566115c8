import type { Metadata } from "next";
import { z } from "zod";
import { confirmEmailChangeAction } from "@/lib/actions/email";
import { emailChangeLinkState } from "@/lib/auth/email/change";
import { LINK_PROBLEM_MESSAGES } from "@/lib/auth/email/links";
import { LinkProblem } from "@/components/auth/link-problem";
import { ActionForm } from "@/components/ui/action-form";

// The link's secret is in this page's address: no Referer carries it anywhere.
export const metadata: Metadata = { title: "Confirm your new address", referrer: "no-referrer" };

const searchSchema = z.object({ token: z.string().max(100).optional().catch(undefined) });

export default async function EmailChangePage({ searchParams }: PageProps<"/email-change">) {
  const { token } = searchSchema.parse(await searchParams);
  const link = await emailChangeLinkState(token, "change-email");
  if (typeof link === "string") {
    return (
      <LinkProblem
        title="This link cannot change your address"
        message={`${LINK_PROBLEM_MESSAGES[link]} Ask for the change again in your account settings.`}
        next={{ href: "/settings/account", label: "Go to account settings" }}
      />
    );
  }
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Confirm your new address</h1>
        <p className="text-sm muted">
          Your account’s address changes from <strong>{link.previousEmail}</strong> to{" "}
          <strong className="text-slate-900 dark:text-slate-100">{link.email}</strong>. You then sign in with the new
          one; the old one is told, with a way to undo the change.
        </p>
      </div>
      <ActionForm
        id="confirm-email-change"
        action={confirmEmailChangeAction}
        fields={{ token: token ?? "" }}
        submitLabel="Change my address"
        pendingLabel="Changing…"
      />
    </div>
  );
}

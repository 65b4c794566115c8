import type { Metadata } from "next";
import { z } from "zod";
import { resetPasswordAction } from "@/lib/actions/credentials";
import { resetLinkState } from "@/lib/auth/credentials/recovery";
import { LINK_PROBLEM_MESSAGES } from "@/lib/auth/email/links";
import { LinkProblem } from "@/components/auth/link-problem";
import { ActionForm, FormCheckbox, NewPasswordField } from "@/components/ui/action-form";
import { REVOKE_API_ACCESS_LABEL } from "@/lib/auth/policy";

// The link's secret is in this page's address: no Referer carries it anywhere.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

const searchSchema = z.object({ token: z.string().max(100).optional().catch(undefined) });

export default async function ResetPasswordPage({ searchParams }: PageProps<"/reset-password">) {
  const { token } = searchSchema.parse(await searchParams);
  const link = await resetLinkState(token);
  if (typeof link === "string") {
    return (
      <LinkProblem
        title="This reset link cannot be used"
        message={LINK_PROBLEM_MESSAGES[link]}
        next={{ href: "/forgot-password", label: "Send me a new link" }}
      />
    );
  }
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Choose a new password</h1>
        <p className="text-sm muted">
          For <strong className="text-slate-900 dark:text-slate-100">{link.email}</strong>. Every session of the account
          ends, and you are signed in here with the new password.
        </p>
      </div>
      <ActionForm
        id="reset-password"
        action={resetPasswordAction}
        fields={{ token: token ?? "" }}
        submitLabel="Set my new password"
        pendingLabel="Setting…"
      >
        {/* The address, for password managers: it files the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={link.email} />
        <NewPasswordField />
        <FormCheckbox name="revokeApiAccess" label={REVOKE_API_ACCESS_LABEL} defaultChecked />
      </ActionForm>
    </div>
  );
}

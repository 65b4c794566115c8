import type { Metadata } from "next";
import Link from "next/link";
import { forgotPasswordAction } from "@/lib/actions/credentials";
import { ActionForm, FormField } from "@/components/ui/action-form";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Forgot your password?</h1>
        <p className="text-sm muted">
          Enter the address you sign in with. We will mail you a link to choose a new password.
        </p>
      </div>
      <ActionForm
        id="forgot-password"
        action={forgotPasswordAction}
        submitLabel="Send me a link"
        pendingLabel="Sending…"
      >
        <FormField name="email" label="Email" type="email" autoComplete="email" required />
      </ActionForm>
      <p className="text-center text-sm muted">
        Remembered it?{" "}
        <Link href="/signin" className="font-semibold text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">
          Sign in
        </Link>
      </p>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeCallbackPath } from "@/lib/auth/redirects";
import { Alert } from "@/components/ui/alert";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const searchSchema = z.object({
  callbackUrl: z.string().optional().catch(undefined),
  registered: z.literal("1").optional().catch(undefined),
  signedOut: z.literal("1").optional().catch(undefined),
  email: z.string().max(254).optional().catch(undefined),
  error: z.string().optional().catch(undefined),
});

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await searchParams);
  const callbackUrl = safeCallbackPath(search.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Welcome back to Gatehouse.</p>
      </div>
      {search.registered ? <Alert tone="success">Your sign-up was received. Sign in with your email and password.</Alert> : null}
      {search.signedOut ? <Alert tone="info">You are signed out.</Alert> : null}
      {search.error ? <Alert tone="error">Sign-in did not complete. Please try again.</Alert> : null}
      <SignInForm callbackUrl={callbackUrl} email={search.email} />
      <p className="text-center text-sm text-slate-600 dark:text-slate-400">
        New here?{" "}
        <Link href="/signup" className="font-semibold text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">
          Create an account
        </Link>
      </p>
    </div>
  );
}

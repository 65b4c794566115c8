import type { Metadata } from "next";
import Link from "next/link";
import { signOutAction } from "@/lib/actions/sessions";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { buttonClasses } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";

export const metadata: Metadata = { title: "Sign out" };

// Where Auth.js's own GET /api/auth/signout sends the browser (pages.signOut), so that every page a
// person sees is one of ours, with our headers, rather than Auth.js's built-in HTML.
export default async function SignOutPage() {
  const person = await getCurrentPerson();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">{person ? "Sign out?" : "You are signed out"}</h1>
      {person ? (
        <form action={signOutAction} className="space-y-4">
          <p className="text-sm muted">
            You are signed in as {person.email}. Signing out ends this session on this device.
          </p>
          <SubmitButton pendingLabel="Signing out…" className="w-full">
            Sign out
          </SubmitButton>
        </form>
      ) : (
        <Link href="/signin" className={`${buttonClasses("primary")} w-full`}>
          Sign in
        </Link>
      )}
    </div>
  );
}

"use server";

import { recordAudit } from "@/lib/audit/record";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { signOut } from "@/lib/auth/session/nextauth";

// Signing out ends this session for good: the signOut event in nextauth.ts records its id as ended,
// so a copy of the cookie is refused from the next request on.
export async function signOutAction(): Promise<void> {
  const person = await getCurrentPerson();
  if (person) await recordAudit({ action: "auth.sign_out", actor: person, target: person });
  await signOut({ redirectTo: "/signin?signedOut=1" });
}

import "server-only";
import { forbidden, redirect } from "next/navigation";
import { decideAccess } from "@/lib/auth/policy";
import { secondFactorSetupPathFor, signInPathFor } from "@/lib/auth/edge/redirects";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { getCurrentPerson, type CurrentPerson } from "@/lib/auth/session/current-person";

/**
 * The way a gated page starts: the same decision middleware made, made again with the role the
 * database holds now. Signed out: to sign-in and back. Without the capability: the 403 page.
 * `pathname` is the page's own path (tests/unit/app-pages.test.ts checks each page passes its own).
 */
export async function guardPage(pathname: string): Promise<CurrentPerson> {
  const person = await getCurrentPerson();
  const decision = decideAccess(person, pathname, policyOptions);
  if (!person || (!decision.allowed && decision.reason === "signed-out")) redirect(signInPathFor(pathname));
  if (decision.allowed) return person;
  if (decision.reason === "email-unverified") redirect("/verify-email");
  if (decision.reason === "second-factor-missing") redirect(secondFactorSetupPathFor(pathname));
  forbidden();
}

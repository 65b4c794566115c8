import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { OAUTH_PROVIDER_IDS, configuredOAuthProviders, providerName } from "@/lib/auth/edge/providers";
import { PROBLEM_REASONS, type ProblemReason } from "@/lib/auth/providers/sign-in-decision";
import { signInProblemMessage } from "@/lib/auth/providers/sign-in-problems";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Sign-in problem" };

const searchSchema = z.object({
  reason: z.enum(PROBLEM_REASONS).optional().catch(undefined),
  provider: z.string().max(40).optional().catch(undefined),
  methods: z.string().max(200).optional().catch(undefined),
  error: z.string().max(60).optional().catch(undefined),
});

function methodList(methods: string | undefined): string {
  const names = (methods ?? "")
    .split(",")
    .filter((method) => method === "password" || (OAUTH_PROVIDER_IDS as readonly string[]).includes(method))
    .map((method) => (method === "password" ? "email and password" : providerName(method, configuredOAuthProviders)));
  if (names.length === 0) return "another sign-in method";
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

function explanation(
  reason: ProblemReason,
  provider: string,
  methods: string | undefined,
): { title: string; body: React.ReactNode } {
  switch (reason) {
    case "account-exists":
      return {
        title: "You already have an account",
        body: (
          <>
            <p>
              An account with this email address already exists. It signs in with{" "}
              <strong data-testid="existing-methods">{methodList(methods)}</strong>.
            </p>
            <p>
              Sign in that way, then open <strong>Settings → Sign-in methods</strong> and link {provider}. After that,
              either way signs you in.
            </p>
            <p className="text-xs muted">
              We do not join accounts on a matching email alone: that would let anyone who registers your address
              elsewhere into your account.
            </p>
          </>
        ),
      };
    case "linked-elsewhere":
      return {
        title: "Linked to another account",
        body: (
          <p>
            That {provider} account is already linked to a different Gatehouse account, so it cannot be linked to this
            one. Sign in with it to use that account, or unlink it there first.
          </p>
        ),
      };
    case "disabled":
      return {
        title: "Account disabled",
        body: <p>This account has been disabled. Ask an administrator if you think this is a mistake.</p>,
      };
    case "no-email":
      return {
        title: "No email address",
        body: (
          <p>
            {provider} did not share an email address with Gatehouse. Allow access to your email address at {provider}{" "}
            (or add one there), then try again.
          </p>
        ),
      };
  }
}

export default async function SignInProblemPage({ searchParams }: PageProps<"/signin/problem">) {
  const search = searchSchema.parse(await searchParams);
  const provider = providerName(search.provider ?? "", configuredOAuthProviders);
  const { title, body } = search.reason
    ? explanation(search.reason, provider, search.methods)
    : { title: "Sign-in did not complete", body: <p>{signInProblemMessage(search.error)}</p> };

  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      <div role="alert" data-testid="sign-in-problem" className="space-y-3 text-sm text-slate-700 dark:text-slate-300">
        {body}
      </div>
      <Link href="/signin" className={`${buttonClasses("primary")} w-full`}>
        Back to sign in
      </Link>
    </div>
  );
}

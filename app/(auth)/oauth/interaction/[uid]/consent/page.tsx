import type { Metadata } from "next";
import { AppLogo } from "@/components/oauth/app-logo";
import { cookies } from "next/headers";
import Link from "next/link";
import { SCOPE_DESCRIPTIONS, SECOND_FACTOR_SETUP_PATH, decide } from "@/lib/auth/policy";
import { policyOptions } from "@/lib/auth/edge/policy-options";
import { signInPathFor } from "@/lib/auth/edge/redirects";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { INTERACTION_COOKIE, consentRequest, pendingInteraction } from "@/lib/auth/oauth-server/interaction";
import { registrantForPeople } from "@/lib/auth/oauth-server/apps/registrant";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Give an app access" };

function Problem({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="space-y-3 text-sm text-slate-700 dark:text-slate-300">{children}</div>
    </div>
  );
}

export default async function ConsentPage({ params }: PageProps<"/oauth/interaction/[uid]/consent">) {
  const { uid } = await params;
  const interaction = await pendingInteraction(uid, (await cookies()).get(INTERACTION_COOKIE)?.value);
  if (!interaction) {
    return (
      <Problem title="This request has expired">
        <p>
          The app’s request for access is no longer open: it expired, was already answered, or was started in another
          browser. Go back to the app and start again.
        </p>
      </Problem>
    );
  }
  const self = `/oauth/interaction/${uid}`;
  const person = await getCurrentPerson();
  // The policy's refusal order (signed in → address confirmed → second factor), each reason explained.
  const standing = decide(person, "standing", policyOptions);
  const refused = standing.allowed ? null : standing.reason;
  if (!person || refused === "signed-out") {
    return (
      <Problem title="Sign in first">
        <Link href={signInPathFor(self)} className={buttonClasses()}>
          Sign in to continue
        </Link>
      </Problem>
    );
  }
  if (person.viewer) {
    return (
      <Problem title="Not while viewing as someone">
        <p>
          You are viewing Gatehouse as {person.email}: you cannot sign in to apps or give them access as them. Stop
          viewing as them first.
        </p>
      </Problem>
    );
  }
  if (refused === "email-unverified") {
    return (
      <Problem title="Confirm your email address first">
        <p>Apps can be given access only by people who have confirmed their address.</p>
        <Link href="/verify-email" className={buttonClasses()}>
          Confirm my address
        </Link>
      </Problem>
    );
  }
  if (refused === "second-factor-missing") {
    return (
      <Problem title="Set up two-step sign-in first">
        <p>Your role requires two-step sign-in before you can give apps access.</p>
        <Link href={SECOND_FACTOR_SETUP_PATH} className={buttonClasses()}>
          Set it up
        </Link>
      </Problem>
    );
  }
  const request = await consentRequest(interaction);
  if (!request) {
    return (
      <Problem title="This app is not available">
        <p>The app was deleted or disabled. Nothing was shared with it.</p>
      </Problem>
    );
  }
  if (interaction.prompt.name !== "consent" || interaction.session?.accountId !== person.id) {
    return (
      <Problem title="One more step">
        <Link href={self} className={buttonClasses()} prefetch={false}>
          Continue
        </Link>
      </Problem>
    );
  }

  const { app, scopes, agent } = request;
  return (
    <div className="space-y-5">
      <div className="flex items-start gap-3">
        <AppLogo name={app.name} logoUrl={app.logoUrl} size={48} />
        <div className="min-w-0 space-y-1">
          <h1 className="text-xl font-semibold">
            <span data-testid="consent-app">{app.name}</span> wants to use your Gatehouse account
          </h1>
          <p className="text-sm muted">
            {registrantForPeople(app)}
            {(
              [
                [app.homepageUrl, app.homepageUrl ? new URL(app.homepageUrl).host : ""],
                [app.privacyUrl, "Privacy policy"],
                [app.termsUrl, "Terms"],
              ] as const
            ).map(([href, label]) =>
              href ? (
                <span key={label}>
                  {" · "}
                  <a href={href} rel="noopener noreferrer" className="underline">
                    {label}
                  </a>
                </span>
              ) : null,
            )}
          </p>
        </div>
      </div>
      {agent ? (
        <p className="text-sm" data-testid="consent-agent">
          It is an <strong>AI agent or tool client</strong>: it will use Gatehouse&apos;s tools (MCP) as you, choosing
          what to do on its own, within what you allow below.
        </p>
      ) : null}
      <p className="text-sm">
        Signed in as <strong data-testid="consent-account">{person.email}</strong>.{" "}
        <Link href="/signout" className="underline">
          Not you?
        </Link>
      </p>
      <form method="post" action={self} className="space-y-5">
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">It will be able to:</legend>
          {scopes.map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm">
              {scope === "openid" ? (
                <input type="checkbox" checked disabled className="mt-0.5 size-4" aria-describedby="openid-note" />
              ) : (
                <input type="checkbox" name="scope" value={scope} defaultChecked className="mt-0.5 size-4" />
              )}
              <span>
                {SCOPE_DESCRIPTIONS[scope]} <code className="font-mono text-xs muted">{scope}</code>
              </span>
            </label>
          ))}
          <p id="openid-note" className="text-xs muted">
            Untick anything you do not want to share. The app can never do more than your role allows, and you can take
            its access back in Settings → Connected apps.
          </p>
        </fieldset>
        <Alert tone="info">Only continue if you trust {app.name} and started this yourself.</Alert>
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="decision" value="allow" className={buttonClasses()}>
            Allow access
          </button>
          <button type="submit" name="decision" value="deny" className={buttonClasses("secondary")}>
            Deny
          </button>
        </div>
      </form>
    </div>
  );
}

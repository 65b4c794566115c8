import type { Metadata } from "next";
import { describeAddress, summariseUserAgent } from "@/lib/audit/describe";
import { guardPage } from "@/lib/auth/guards/page";
import { endOtherSessionsAction, endOwnSessionAction } from "@/lib/actions/sessions";
import { currentSession } from "@/lib/auth/session/current-session";
import { listSessions, signedInWithWords } from "@/lib/auth/session/sessions";
import { SettingsHeader } from "@/components/settings/settings-header";
import { SessionList } from "@/components/settings/session-list";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const person = await guardPage("/settings/sessions");
  const [sessions, current] = await Promise.all([listSessions(person.id), currentSession()]);
  const rows = sessions.map((session) => ({
    sid: session.sid,
    browser: summariseUserAgent(session.userAgent) ?? "An unknown browser",
    address: describeAddress(session.ip),
    signedInWith: signedInWithWords(session.signedInWith),
    signedInAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    current: session.sid === current?.sid,
  }));
  return (
    <div className="space-y-6">
      <SettingsHeader
        current="/settings/sessions"
        title="Sessions"
        description="Where you are signed in. Sign out a session you do not recognise; it ends at its next request."
      />
      <Card title="Signed in">
        <SessionList sessions={rows} action={endOwnSessionAction} />
      </Card>
      <Card title="Sign out everywhere else">
        <ActionForm
          id="end-other-sessions"
          action={endOtherSessionsAction}
          submitLabel="Sign out everywhere else"
          pendingLabel="Signing out…"
          variant="danger"
        >
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Every session but this one ends. API tokens keep working; revoke them under API tokens.
          </p>
        </ActionForm>
      </Card>
    </div>
  );
}

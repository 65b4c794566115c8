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
import { RelativeTime } from "@/components/ui/relative-time";
import { impersonationsOf, viewerNames } from "@/lib/impersonation/queries";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const person = await guardPage("/settings/sessions");
  const [sessions, current, viewings] = await Promise.all([
    listSessions(person.id),
    currentSession(),
    impersonationsOf(person.id),
  ]);
  const viewers = await viewerNames(viewings.map((viewing) => viewing.actorId));
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
      {viewings.length ? (
        <Card title="Who viewed Gatehouse as you">
          <ul className="space-y-2 text-sm" data-testid="viewed-as-you">
            {viewings.map((viewing) => {
              return (
                <li key={viewing.id}>
                  <strong>{viewers.get(viewing.actorId) ?? "A former member"}</strong>, from{" "}
                  <RelativeTime date={viewing.startedAt} />
                  {viewing.inForce ? ", still viewing" : ""}, read-only: “{viewing.reason}”.
                </li>
              );
            })}
          </ul>
          <p className="mt-3 text-sm muted">
            Someone your organisation allows to help you saw what you see, and could change nothing. If you did not
            expect it, tell an admin.
          </p>
        </Card>
      ) : null}
      <Card title="Sign out everywhere else">
        <ActionForm
          id="end-other-sessions"
          action={endOtherSessionsAction}
          submitLabel="Sign out everywhere else"
          pendingLabel="Signing out…"
          variant="danger"
        >
          <p className="text-sm muted">
            Every session but this one ends. API tokens keep working; revoke them under API tokens.
          </p>
        </ActionForm>
      </Card>
    </div>
  );
}

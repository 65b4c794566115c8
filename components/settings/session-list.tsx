import type { FormState } from "@/lib/forms/form-state";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { RelativeTime } from "@/components/ui/relative-time";

export type SessionItem = {
  sid: string;
  browser: string;
  address: string;
  signedInAt: string;
  lastSeenAt: string;
  /** How it signed in, in words ("with a passkey"); null for sessions from before this was recorded. */
  signedInWith: string | null;
  /** This browser's own session (only on the person's own list). */
  current?: boolean;
};

/** A person's sessions, each with a button that ends it; used in settings and on the admin's person page. */
export function SessionList({
  sessions,
  action,
  fields = {},
  owner,
}: {
  sessions: SessionItem[];
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  /** Hidden fields sent with each button besides the session's id (the person, for admins). */
  fields?: Record<string, string>;
  /** Whose sessions, for an admin's confirmation ("of ada@…"); absent on one's own list. */
  owner?: string;
}) {
  if (sessions.length === 0) return <p className="text-sm muted">No one is signed in to this account.</p>;
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="session-list">
      {sessions.map((session) => (
        <li
          key={session.sid}
          className="flex flex-wrap items-center justify-between gap-3 py-3"
          data-session={session.current ? "current" : "other"}
        >
          <div className="min-w-0 space-y-0.5">
            <p className="font-medium">
              {session.browser}
              {session.current ? (
                <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-semibold text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
                  This browser
                </span>
              ) : null}
            </p>
            <p className="text-sm muted">
              From {session.address} · signed in <RelativeTime date={new Date(session.signedInAt)} />
              {session.signedInWith ? ` ${session.signedInWith}` : ""} · last seen{" "}
              <RelativeTime date={new Date(session.lastSeenAt)} />
            </p>
          </div>
          <ConfirmAction
            action={action}
            fields={{ ...fields, sid: session.sid }}
            triggerLabel={session.current ? "Sign out" : "Sign out this session"}
            triggerVariant="danger-ghost"
            title={
              owner
                ? `End the session of ${owner} on ${session.browser}?`
                : session.current
                  ? "Sign out of this browser?"
                  : `Sign out the session on ${session.browser}?`
            }
            description={<p>That browser is signed out at its next request and must sign in again.</p>}
            confirmLabel={owner ? "End session" : "Sign out"}
            pendingLabel="Signing out…"
            danger
          />
        </li>
      ))}
    </ul>
  );
}

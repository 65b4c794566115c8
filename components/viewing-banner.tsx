import { stopViewingAction } from "@/lib/actions/impersonation";
import type { Viewer } from "@/lib/auth/session/current-person";
import { ActionForm } from "@/components/ui/action-form";

/**
 * On every page while someone views Gatehouse as another person: whom, why, until when, and Stop.
 * The time left is as of this page; the viewing ends at its end whatever the page says.
 */
export function ViewingBanner({ viewer, viewed }: { viewer: Viewer; viewed: { name: string | null; email: string } }) {
  const { endsAt, reason } = viewer.viewing;
  const { minutesLeft } = viewer;
  return (
    <div
      role="region"
      aria-label="Viewing as someone else"
      data-testid="viewing-banner"
      className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50"
    >
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 text-sm">
        <p className="min-w-0 flex-1">
          <strong>
            Viewing as {viewed.name ?? viewed.email}
            {viewed.name ? ` (${viewed.email})` : ""}
          </strong>
          , read-only: {minutesLeft} min left, until{" "}
          <time dateTime={endsAt.toISOString()}>{endsAt.toISOString().slice(11, 16)} UTC</time>. Reason: “{reason}”.
        </p>
        <ActionForm
          id="stop-viewing"
          action={stopViewingAction}
          submitLabel="Stop viewing"
          pendingLabel="Stopping…"
          variant="secondary"
        />
      </div>
    </div>
  );
}

import type { AppUsage } from "@/lib/auth/oauth-server/grants";
import { RelativeTime } from "@/components/ui/relative-time";

/** "3 people connected · last used 2 hours ago", beside an app for its owner and for admins. */
export function AppUsageLine({ usage }: { usage: AppUsage | undefined }) {
  const people = usage?.people ?? 0;
  return (
    <p className="text-xs muted" data-testid="app-usage">
      {people === 0 ? "Nobody connected" : people === 1 ? "1 person connected" : `${people} people connected`}
      {" · "}
      {usage?.lastUsedAt ? (
        <>
          last used <RelativeTime date={usage.lastUsedAt} />
        </>
      ) : (
        "not used yet"
      )}
    </p>
  );
}

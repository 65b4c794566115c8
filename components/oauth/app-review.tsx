import type { AppReview } from "@/lib/auth/policy";

const SHOWN: Record<Exclude<AppReview, "approved">, { label: string; owner: string; classes: string }> = {
  pending: {
    label: "waiting for approval",
    owner: "An admin must approve it before it can sign anyone in.",
    classes: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  },
  refused: {
    label: "refused",
    owner: "An admin refused it: it cannot sign anyone in. Change it to ask again, or ask your admin why.",
    classes: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  },
};

/** An app's review, when it is not (or not yet) approved, as a badge beside its name. */
export function AppReviewBadge({ review }: { review: string }) {
  if (review !== "pending" && review !== "refused") return null;
  const shown = SHOWN[review];
  return (
    <span
      className={`ml-2 inline-block rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${shown.classes}`}
      data-testid="app-review"
    >
      {shown.label}
    </span>
  );
}

/** For the owner, under the app's name: what its review means for them. */
export function AppReviewNote({ review }: { review: string }) {
  if (review !== "pending" && review !== "refused") return null;
  return <p className="text-xs text-slate-700 dark:text-slate-300">{SHOWN[review].owner}</p>;
}

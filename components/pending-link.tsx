"use client";

import Link, { useLinkStatus } from "next/link";
import type { ComponentProps } from "react";

/** Shown inside a link while the page it leads to loads (client navigation only). */
function PendingMark() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span
      aria-hidden="true"
      className="ml-1.5 inline-block size-3 animate-spin rounded-full border-2 border-current border-r-transparent align-[-1px]"
    />
  ) : null;
}

/**
 * A link that shows it is loading, for navigation that takes a moment (a signed-in page reads the
 * database before it renders). Gatehouse has no loading.tsx on purpose: a loading boundary starts
 * the response before the page's access check runs, and a refusal could then no longer be a 307 to
 * sign-in or a 403, only a 200 with the refusal drawn inside it.
 */
export function PendingLink({ children, ...props }: ComponentProps<typeof Link>) {
  return (
    <Link {...props}>
      {children}
      <PendingMark />
    </Link>
  );
}

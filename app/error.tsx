"use client";

import { Button } from "@/components/ui/button";

// Shown for unexpected server errors. Next sends only a digest to the browser, never the stack;
// the digest lets an operator find the full error in the server log. An error without a digest was
// raised in the browser: a form's server action that got a plain-text error answer (the 503 of
// lib/server/database-outage.ts, for one) carries that answer as its message, and it is shown.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg space-y-4 text-center" role="alert">
      <p className="text-sm font-semibold text-red-600">Something went wrong</p>
      <h1 className="text-3xl font-bold tracking-tight">We could not finish that request</h1>
      <p className="muted">
        {error.digest || !error.message ? (
          <>
            Nothing you entered was lost on our side. Try again; if it keeps happening, quote reference{" "}
            <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{error.digest ?? "unknown"}</code>.
          </>
        ) : (
          error.message
        )}
      </p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}

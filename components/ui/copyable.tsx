"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A value to copy (a secret shown once, a client id): on one line, scrollable rather than wrapped,
 * with a Copy button and a polite announcement once it is on the clipboard.
 */
export function Copyable({
  value,
  label,
  testId,
  children,
}: {
  value: string;
  label: string;
  testId?: string;
  /** More buttons beside Copy (a secret's Done). */
  children?: React.ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          tabIndex={0}
          aria-label={label}
          data-testid={testId}
          className="block min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-100 px-3 py-2 font-mono text-sm whitespace-nowrap dark:bg-slate-800"
        >
          {value}
        </code>
        <div className="flex gap-2">
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(value);
              setCopied(true);
            }}
          >
            Copy<span className="sr-only"> {label.toLowerCase()}</span>
          </Button>
          {children}
        </div>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-emerald-800 dark:text-emerald-300">
        {copied ? `${label} copied to the clipboard.` : ""}
      </p>
    </div>
  );
}

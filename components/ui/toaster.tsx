"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";

// Page-level results of actions ("Token revoked."), announced to screen readers and shown where the
// eye finds them, so a message does not disappear with the row whose button caused it. Any client
// component calls toast(); the one <Toaster /> in the root layout shows them.

type Toast = { id: number; tone: "success" | "error"; message: string };

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function toast(message: string, tone: Toast["tone"] = "success") {
  toasts = [...toasts, { id: nextId++, tone, message }].slice(-3);
  emit();
}

function dismiss(id: number) {
  toasts = toasts.filter((item) => item.id !== id);
  emit();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

const TONES = {
  success:
    "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  error: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
};

function ToastItem({ item }: { item: Toast }) {
  useEffect(() => {
    const timer = setTimeout(() => dismiss(item.id), item.tone === "error" ? 10_000 : 6_000);
    return () => clearTimeout(timer);
  }, [item]);
  return (
    <div
      className={`pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg ${TONES[item.tone]}`}
      data-testid="toast"
    >
      <span className="flex-1">{item.message}</span>
      <button
        type="button"
        onClick={() => dismiss(item.id)}
        className="-m-1 rounded p-1 text-current opacity-70 hover:opacity-100"
        aria-label="Dismiss"
      >
        ×
      </button>
    </div>
  );
}

// The server renders no toasts; the same array each time, as useSyncExternalStore requires.
const NONE: Toast[] = [];

export function Toaster() {
  const items = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => NONE,
  );
  // Live regions must exist before their content changes to be announced, so both are always there.
  // Each region holds its toasts as plain blocks, not a list: the alert and status roles take the
  // list semantics off a <ul>, which leaves its items as list items outside any list (axe: listitem).
  return (
    <div className="toaster">
      <div role="alert" aria-live="assertive" className="toasts">
        {items
          .filter((item) => item.tone === "error")
          .map((item) => (
            <ToastItem key={item.id} item={item} />
          ))}
      </div>
      <div role="status" aria-live="polite" className="toasts">
        {items
          .filter((item) => item.tone === "success")
          .map((item) => (
            <ToastItem key={item.id} item={item} />
          ))}
      </div>
    </div>
  );
}

/** Shows `message` once as a toast when a page is opened with it (after a redirect), then drops the query. */
export function FlashToast({ message, clearParams }: { message: string; clearParams: string[] }) {
  const shown = useRef(false);
  useEffect(() => {
    if (shown.current) return;
    shown.current = true;
    toast(message);
    const url = new URL(window.location.href);
    for (const name of clearParams) url.searchParams.delete(name);
    window.history.replaceState(window.history.state, "", url);
  }, [message, clearParams]);
  return null;
}

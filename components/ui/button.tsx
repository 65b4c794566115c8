import type { ComponentProps } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost" | "danger-ghost";

// Hover darkens, never lightens: white text keeps its contrast under the pointer too (axe found a
// lighter red hovered after a click moved a danger button under the pointer).
const variants: Record<Variant, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700 focus-visible:outline-indigo-600",
  secondary:
    "bg-white text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-700",
  danger: "bg-red-600 text-white hover:bg-red-700 focus-visible:outline-red-600",
  ghost: "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
  "danger-ghost": "text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950",
};

export function buttonClasses(variant: Variant = "primary"): string {
  return `inline-flex items-center justify-center gap-2 min-h-10 rounded-md px-3.5 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60 ${variants[variant]}`;
}

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ComponentProps<"button"> & { variant?: Variant }) {
  return <button className={`${buttonClasses(variant)} ${className}`} {...props} />;
}

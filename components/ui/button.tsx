import type { ComponentProps } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost" | "danger-ghost";

/** A button's look (app/globals.css names them): for a link styled as a button, too. */
export function buttonClasses(variant: Variant = "primary"): string {
  return `btn btn-${variant}`;
}

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ComponentProps<"button"> & { variant?: Variant }) {
  return <button className={`${buttonClasses(variant)} ${className}`} {...props} />;
}

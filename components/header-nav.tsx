"use client";

import { PendingLink as Link } from "@/components/pending-link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

export type NavLink = { href: string; label: string };

const linkClasses =
  "rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-indigo-950 dark:aria-[current=page]:text-indigo-300";

/** The current page's link: its own path or anything below it ("/admin/users" marks "Admin"). */
function isCurrent(pathname: string, href: string): boolean {
  return (
    pathname === href ||
    (href !== "/" && pathname.startsWith(`${href}/`)) ||
    (href === "/settings/account" && pathname.startsWith("/settings"))
  );
}

/**
 * The header's links, marked for the current page. From the `sm` breakpoint up they sit in a row;
 * below it they fold into a menu button, so a phone's header is one line.
 */
export function HeaderNav({ links }: { links: NavLink[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);

  // A navigation closes the menu.
  const [openedOn, setOpenedOn] = useState(pathname);
  if (openedOn !== pathname) {
    setOpenedOn(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const items = links.map((link) => (
    <Link
      key={link.href}
      href={link.href}
      className={linkClasses}
      aria-current={isCurrent(pathname, link.href) ? "page" : undefined}
    >
      {link.label}
    </Link>
  ));

  return (
    <>
      <nav aria-label="Main" className="hidden items-center gap-1 sm:flex">
        {items}
      </nav>
      <button
        ref={button}
        type="button"
        className="inline-flex size-10 items-center justify-center rounded-md text-lg ring-1 ring-slate-300 ring-inset sm:hidden dark:ring-slate-700"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label="Menu"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? "✕" : "☰"}</span>
      </button>
      <div
        id={menuId}
        hidden={!open}
        className="absolute inset-x-0 top-full z-40 border-b border-slate-200 bg-white px-4 shadow-lg sm:hidden dark:border-slate-800 dark:bg-slate-900"
      >
        <nav aria-label="Main menu" className="flex flex-col gap-1 py-3">
          {items}
        </nav>
      </div>
    </>
  );
}

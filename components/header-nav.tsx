"use client";

import { PendingLink as Link } from "@/components/pending-link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

export type NavLink = { href: string; label: string };

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
      className="nav-link"
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
        className="menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label="Menu"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? "✕" : "☰"}</span>
      </button>
      {/* The links go into the menu only while it is open: a closed menu would send them all a second
          time in every page's HTML. */}
      <div id={menuId} hidden={!open} className="menu-panel">
        {open ? (
          <nav aria-label="Main menu" className="flex flex-col gap-1 py-3">
            {items}
          </nav>
        ) : null}
      </div>
    </>
  );
}

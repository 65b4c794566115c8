import Link from "next/link";

export type SectionLink = { href: string; label: string };

/** Tabs between the pages of one area (admin, settings); the current page is marked for screen readers. */
export function SectionNav({
  label,
  links,
  current,
}: {
  label: string;
  links: readonly SectionLink[];
  current: string;
}) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-1 border-b border-slate-200 pb-3 dark:border-slate-800">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={link.href === current ? "page" : undefined}
          className="tab-link"
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}

/** A section's tabs, its page title and one line about the page. */
export function SectionHeader({
  nav,
  current,
  title,
  description,
}: {
  nav: { label: string; links: readonly SectionLink[] };
  current: string;
  title: string;
  description: React.ReactNode;
}) {
  return (
    <div className="space-y-4">
      <SectionNav label={nav.label} links={nav.links} current={current} />
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
        <p className="text-sm muted">{description}</p>
      </div>
    </div>
  );
}

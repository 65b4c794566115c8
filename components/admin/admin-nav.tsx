import { can, ruleCapabilityFor, ruleFor, type Subject } from "@/lib/auth/policy";
import { SectionHeader } from "@/components/ui/section-nav";

const ADMIN_LINKS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/users", label: "People" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/access", label: "Explain access" },
  { href: "/admin/roles", label: "Roles" },
  { href: "/admin/security", label: "Security" },
  { href: "/admin/apps", label: "Apps" },
  { href: "/admin/webhooks", label: "Webhooks" },
];

/** Whether the subject's role may open the admin page at `href` (its route rule, lib/auth/policy.ts). */
const opens = (subject: Subject, href: string) => {
  const rule = ruleFor(href);
  return Boolean(rule && can(subject, ruleCapabilityFor(subject, rule)));
};

/** Where "Admin" leads: the first admin page the subject may open, or null for none. */
export function adminEntryFor(subject: Subject): string | null {
  return ADMIN_LINKS.find((link) => opens(subject, link.href))?.href ?? null;
}

/** The admin panel's tabs, each shown only to a role that may open it. */
export function AdminHeader({
  person,
  current,
  title,
  description,
}: {
  person: Subject;
  current: string;
  title: string;
  description: string;
}) {
  const nav = { label: "Admin", links: ADMIN_LINKS.filter((link) => opens(person, link.href)) };
  return <SectionHeader nav={nav} current={current} title={title} description={description} />;
}

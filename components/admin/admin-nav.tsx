import { SectionHeader } from "@/components/ui/section-nav";

const ADMIN_NAV = {
  label: "Admin",
  links: [
    { href: "/admin", label: "Overview" },
    { href: "/admin/users", label: "People" },
    { href: "/admin/audit", label: "Audit log" },
    { href: "/admin/access", label: "Explain access" },
    { href: "/admin/security", label: "Security" },
    { href: "/admin/apps", label: "Apps" },
  ],
};

export function AdminHeader({ current, title, description }: { current: string; title: string; description: string }) {
  return <SectionHeader nav={ADMIN_NAV} current={current} title={title} description={description} />;
}

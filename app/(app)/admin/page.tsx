import type { Metadata } from "next";
import Link from "next/link";
import { countActiveAdmins } from "@/lib/people/queries";
import { guardPage } from "@/lib/auth/guards/page";
import { countDisabledPeople, countPeople } from "@/lib/people/queries";
import { AdminHeader } from "@/components/admin/admin-nav";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await guardPage("/admin");
  const [people, admins, disabled] = await Promise.all([countPeople(), countActiveAdmins(), countDisabledPeople()]);
  const stats = [
    { label: "People", value: people, href: "/admin/users" },
    { label: "Active admins", value: admins, href: "/admin/users?role=admin&status=active" },
    { label: "Disabled accounts", value: disabled, href: "/admin/users?status=disabled" },
  ];
  return (
    <div className="space-y-6">
      <AdminHeader current="/admin" title="Admin" description="Manage who can do what, and see what was done." />
      <div className="grid gap-4 sm:grid-cols-3" data-panel="admin-stats">
        {stats.map((stat) => (
          <Link
            key={stat.label}
            href={stat.href}
            className="rounded-xl border border-slate-200 bg-white p-5 hover:border-indigo-300 dark:border-slate-800 dark:bg-slate-900"
          >
            <span className="block text-sm text-slate-600 dark:text-slate-400">{stat.label}</span>
            <span className="mt-1 block text-3xl font-bold">{stat.value.toLocaleString("en")}</span>
          </Link>
        ))}
      </div>
      <Card title="Role changes bind on the next request">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Pages and actions read each person’s role from the database on every request, so a change applies at once
          there. The edge gate re-reads a session’s role at least every 60 seconds, and at once before refusing a page.
        </p>
      </Card>
    </div>
  );
}

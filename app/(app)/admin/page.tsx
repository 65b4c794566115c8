import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/current-user";
import { isRole } from "@/lib/auth/policy";
import { countUsers, listUsersByNewest } from "@/lib/users/queries";
import { Card } from "@/components/ui/card";
import { RoleBadge } from "@/components/ui/role-badge";

export const metadata: Metadata = { title: "Admin" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default async function AdminPage() {
  await requirePageAccess("/admin");
  const [total, people] = await Promise.all([countUsers(), listUsersByNewest(20)]);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Admin</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{total.toLocaleString("en")} people have an account.</p>
      </div>
      <Card data-panel="people" title="Newest people">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4">Person</th>
                <th scope="col" className="py-2 pr-4">Role</th>
                <th scope="col" className="py-2 pr-4">Status</th>
                <th scope="col" className="py-2">Joined</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {people.map((person) => (
                <tr key={person.id}>
                  <td className="py-2 pr-4">
                    <span className="block font-medium">{person.name ?? "—"}</span>
                    <span className="text-xs text-slate-500">{person.email}</span>
                  </td>
                  <td className="py-2 pr-4">{isRole(person.role) ? <RoleBadge role={person.role} /> : person.role}</td>
                  <td className="py-2 pr-4">{person.disabledAt ? "Disabled" : "Active"}</td>
                  <td className="py-2">{dateFormat.format(person.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

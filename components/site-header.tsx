import { adminEntryFor } from "@/components/admin/admin-nav";
import { can } from "@/lib/auth/policy";
import { getCurrentPerson } from "@/lib/auth/session/current-person";
import { HeaderBar } from "@/components/header-bar";
import type { NavLink } from "@/components/header-nav";
import { ViewingBanner } from "@/components/viewing-banner";

export async function SiteHeader() {
  const person = await getCurrentPerson();
  // Links to what the person may open: a role that may not edit is not shown the editor.
  const adminEntry = adminEntryFor(person);
  const links: NavLink[] = person
    ? [
        { href: "/dashboard", label: "Dashboard" },
        ...(can(person, "update") ? [{ href: "/editor", label: "Editor" }] : []),
        ...(adminEntry ? [{ href: adminEntry, label: "Admin" }] : []),
        { href: "/settings/account", label: "Settings" },
        { href: "/docs/api", label: "API" },
      ]
    : [{ href: "/docs/api", label: "API" }];
  return (
    <>
      {person?.viewer ? <ViewingBanner viewer={person.viewer} viewed={person} /> : null}
      {/* Only what the header shows crosses to the browser: never the whole person. */}
      <HeaderBar links={links} person={person && { name: person.name, email: person.email, role: person.role }} />
    </>
  );
}

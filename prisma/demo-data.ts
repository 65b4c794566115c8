// The demo data `npm run demo` seeds into a development database. Listed in the README; the e2e
// tests sign in with these same accounts, so the README's table is checked on every run.
import type { BuiltInRole, Capability } from "@/lib/auth/policy";

export const DEMO_ACCOUNTS: Readonly<Record<BuiltInRole, { email: string; name: string; password: string }>> = {
  user: { email: "user@demo.gatehouse.test", name: "Uma User", password: "demo-user-gatehouse" },
  writer: { email: "writer@demo.gatehouse.test", name: "Wes Writer", password: "demo-writer-gatehouse" },
  editor: { email: "editor@demo.gatehouse.test", name: "Eda Editor", password: "demo-editor-gatehouse" },
  admin: { email: "admin@demo.gatehouse.test", name: "Ada Admin", password: "demo-admin-gatehouse" },
};

// A role of the organisation's own (Admin → Roles), so the demo shows roles as data: an auditor
// reads and exports the audit log and changes nothing. Its demo account holds it.
export const DEMO_CUSTOM_ROLE = {
  name: "auditor",
  label: "Auditor",
  description: "Reads, exports and verifies the audit log; changes nothing.",
  capabilities: ["read", "read-audit"] satisfies Capability[],
  account: { email: "auditor@demo.gatehouse.test", name: "Aud Auditor", password: "demo-auditor-gatehouse" },
} as const;

// Newest first, as the dashboard lists them; the seed spaces them out over the past weeks.
export const DEMO_ARTICLES = [
  {
    title: "Welcome to Gatehouse",
    body: "Every role can read this. Writers can add articles, editors can change any article and admins can delete them and manage people.\n\nSign in as each of the demo accounts to see how the dashboard, the header and the controls change with the role. The same policy decides what the API lets a token do.",
  },
  {
    title: "How roles work",
    body: "A role is a set of capabilities: read, create, edit and delete articles (the ones you wrote, or anyone's), and the admin panel's powers (changing roles, managing people's access, reading the audit log, managing apps, security settings, defining roles). The four built-in roles each carry everything the one before has, plus more; admins hold them all. Admins define roles of their own on the same capabilities, like the demo's auditor.\n\nPages, server actions, the REST API and the MCP server all ask the same policy module, and they ask it again on every request with the role the database holds now. Demote someone, or take a capability from their role, and their next click already sees it.",
  },
  {
    title: "Quarterly planning notes",
    body: "Goals for the next quarter, agreed at Tuesday's planning session.\n\n1. Move the customer portal to single sign-on with our identity provider.\n2. Replace the shared deploy password with personal API tokens, one per script, each with the narrowest scope it needs.\n3. Review who holds the admin role every month.\n\nOwners and dates are in the planning board; questions to the platform team.",
  },
  {
    title: "Security checklist for new starters",
    body: "Before your first week ends:\n\n- Choose a long password that you use nowhere else. A password manager makes this painless.\n- Link your company Google or GitHub account under Settings → Sign-in methods, so you have a second way in.\n- If you automate anything, create an API token with only the scopes it needs and an expiry date. Revoke it when the script is retired.\n\nLost a laptop? Tell an admin: they can end every session you have and revoke your tokens in one step.",
  },
  {
    title: "Office move: what changes on Monday",
    body: "We move to the third floor over the weekend. Desks are unassigned for the first two weeks; book a room for meetings of more than four people.\n\nThe guest Wi-Fi password changes with the move and is posted at reception. Badges keep working.",
  },
];

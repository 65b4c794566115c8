// The demo data `npm run demo` seeds into a development database. Listed in the README; the e2e
// tests sign in with these same accounts, so the README's table is checked on every run.
import type { Role } from "@/lib/auth/policy";

export const DEMO_ACCOUNTS: Readonly<Record<Role, { email: string; name: string; password: string }>> = {
  user: { email: "user@demo.gatehouse.test", name: "Uma User", password: "demo-user-gatehouse" },
  writer: { email: "writer@demo.gatehouse.test", name: "Wes Writer", password: "demo-writer-gatehouse" },
  editor: { email: "editor@demo.gatehouse.test", name: "Eda Editor", password: "demo-editor-gatehouse" },
  admin: { email: "admin@demo.gatehouse.test", name: "Ada Admin", password: "demo-admin-gatehouse" },
};

export const DEMO_ARTICLES = [
  {
    title: "Welcome to Gatehouse",
    body: "Every role can read this. Writers can add articles, editors can change them and admins can delete them.",
  },
  {
    title: "How roles work",
    body: "A role is a set of capabilities: read, create, update, delete and manage. Pages, actions and the API all ask the same policy.",
  },
];

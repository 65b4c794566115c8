// Seeds a development database: `npm run db:seed` (used by `npm run demo`).
// Demo accounts are created only here, only with --demo, and never when NODE_ENV=production.
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/policy";
import { db } from "@/lib/db";

export const DEMO_ACCOUNTS: ReadonlyArray<{ role: Role; email: string; name: string; password: string }> = [
  { role: "user", email: "user@demo.gatehouse.test", name: "Uma User", password: "demo-user-gatehouse" },
  { role: "writer", email: "writer@demo.gatehouse.test", name: "Wes Writer", password: "demo-writer-gatehouse" },
  { role: "editor", email: "editor@demo.gatehouse.test", name: "Eda Editor", password: "demo-editor-gatehouse" },
  { role: "admin", email: "admin@demo.gatehouse.test", name: "Ada Admin", password: "demo-admin-gatehouse" },
];

const DEMO_ARTICLES = [
  { title: "Welcome to Gatehouse", body: "Every role can read this. Writers can add articles, editors can change them and admins can delete them." },
  { title: "How roles work", body: "A role is a set of capabilities: read, create, update, delete and manage. Pages, actions and the API all ask the same policy." },
];

async function seedDemo() {
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to create demo accounts with NODE_ENV=production.");
  }
  const created: typeof DEMO_ACCOUNTS[number][] = [];
  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (existing) continue;
    await db.user.create({
      data: { email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(account.password) },
    });
    created.push(account);
  }
  if ((await db.article.count()) === 0) {
    const author = await db.user.findUniqueOrThrow({ where: { email: "writer@demo.gatehouse.test" } });
    for (const article of DEMO_ARTICLES) await db.article.create({ data: { ...article, authorId: author.id } });
  }
  if (created.length > 0) {
    console.log("\nDemo accounts (development database only):");
    console.table(created.map(({ role, email, password }) => ({ role, email, password })));
  } else {
    console.log("Demo accounts already exist (see README: Demo accounts).");
  }
}

async function main() {
  if (!process.argv.includes("--demo")) {
    console.log("Nothing to seed. Pass --demo to create the demo accounts and articles in a development database.");
    return;
  }
  await seedDemo();
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());

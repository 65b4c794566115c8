// Seeds a development database: `npm run db:seed` (used by `npm run demo`).
// Demo accounts are created only here, only with --demo, and never when NODE_ENV=production.
import { hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { DEMO_ACCOUNTS, DEMO_ARTICLES } from "./demo-data";

async function seedDemo() {
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to create demo accounts with NODE_ENV=production.");
  }
  const created: Array<{ role: string; email: string; password: string }> = [];
  for (const role of ROLES) {
    const { email, name, password } = DEMO_ACCOUNTS[role];
    if (await db.user.findUnique({ where: { email }, select: { id: true } })) continue;
    await db.user.create({ data: { email, name, role, passwordHash: await hashPassword(password) } });
    created.push({ role, email, password });
  }
  if ((await db.article.count()) === 0) {
    const author = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.writer.email } });
    for (const article of DEMO_ARTICLES) await db.article.create({ data: { ...article, authorId: author.id } });
  }
  if (created.length > 0) {
    console.log("\nDemo accounts (development database only):");
    console.table(created);
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

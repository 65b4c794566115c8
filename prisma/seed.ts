// Seeds a development database: `npm run db:seed` (used by `npm run demo`); `-- --people 100000` adds
// that many synthetic people for trying the admin panel at scale.
// Demo accounts are created only here, only with --demo, and never when NODE_ENV=production.
// --no-required-second-factor stores "no role must use two-step sign-in" instead of the default
// (admins must). The shared e2e server uses it: its specs sign in as the demo admin many times, and
// a code can be used once. tests/e2e/second-factor.spec.ts checks the default on an app of its own.
import { hashPassword } from "@/lib/auth/credentials/hashing";
import { BUILT_IN_ROLES } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { seedBulkPeople } from "./bulk-people";
import { DEMO_ACCOUNTS, DEMO_ARTICLES, DEMO_CUSTOM_ROLE } from "./demo-data";

async function seedDemo() {
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to create demo accounts with NODE_ENV=production.");
  }
  const created: Array<{ role: string; email: string; password: string }> = [];
  for (const role of BUILT_IN_ROLES) {
    const { email, name, password } = DEMO_ACCOUNTS[role];
    if (await db.user.findUnique({ where: { email }, select: { id: true } })) continue;
    await db.user.create({
      data: { email, name, role, emailVerified: new Date(), passwordHash: await hashPassword(password) },
    });
    created.push({ role, email, password });
  }
  const custom = DEMO_CUSTOM_ROLE;
  if (!(await db.role.findUnique({ where: { name: custom.name } })))
    await db.role.create({
      data: {
        name: custom.name,
        label: custom.label,
        description: custom.description,
        capabilities: custom.capabilities.join(" "),
      },
    });
  if (!(await db.user.findUnique({ where: { email: custom.account.email }, select: { id: true } }))) {
    const { email, name, password } = custom.account;
    await db.user.create({
      data: { email, name, role: custom.name, emailVerified: new Date(), passwordHash: await hashPassword(password) },
    });
    created.push({ role: custom.name, email, password });
  }
  if ((await db.article.count()) === 0) {
    const author = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.writer.email } });
    // Oldest first, a few days apart, so the list reads newest first like a real one.
    const DAY_MS = 24 * 3600 * 1000;
    for (const [index, article] of [...DEMO_ARTICLES].reverse().entries()) {
      const createdAt = new Date(Date.now() - (DEMO_ARTICLES.length - index) * 3 * DAY_MS);
      await db.article.create({ data: { ...article, authorId: author.id, createdAt, updatedAt: createdAt } });
    }
  }
  if (created.length > 0) {
    console.log("\nDemo accounts (development database only):");
    console.table(created);
  } else {
    console.log("Demo accounts already exist (see README: Demo accounts).");
  }
}

function peopleCount(): number | undefined {
  const index = process.argv.indexOf("--people");
  if (index === -1) return undefined;
  const count = Number(process.argv[index + 1]);
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000)
    throw new Error("--people takes a whole number from 1 to 1000000.");
  return count;
}

async function main() {
  const people = peopleCount();
  if (!process.argv.includes("--demo") && people === undefined) {
    console.log(
      "Nothing to seed. Pass --demo for the demo accounts and articles, and/or --people N for N synthetic people.",
    );
    return;
  }
  if (process.env.NODE_ENV === "production") throw new Error("Refusing to seed with NODE_ENV=production.");
  if (process.argv.includes("--demo")) await seedDemo();
  if (process.argv.includes("--no-required-second-factor"))
    await db.setting.upsert({
      where: { key: "second-factor.required-roles" },
      create: { key: "second-factor.required-roles", value: "[]" },
      update: { value: "[]" },
    });
  if (people !== undefined) {
    const added = await seedBulkPeople(db, people, (done) =>
      process.stdout.write(`\r${done.toLocaleString("en")} people`),
    );
    console.log(`\nAdded ${added.toLocaleString("en")} synthetic people (@bulk.gatehouse.test, no passwords).`);
  }
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());

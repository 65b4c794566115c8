// Creates the e2e test people in the database named by DATABASE_URL. Run by tests/e2e/server.mjs.
import { hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/policy";
import { db } from "@/lib/db";
import { TEST_PEOPLE } from "./fixtures";

async function main() {
  for (const role of ROLES) {
    const { email, name, password } = TEST_PEOPLE[role];
    await db.user.create({ data: { email, name, role, passwordHash: await hashPassword(password) } });
  }
  const writer = await db.user.findUniqueOrThrow({ where: { email: TEST_PEOPLE.writer.email } });
  await db.article.create({ data: { title: "Seeded for e2e", body: "Every role can read this.", authorId: writer.id } });
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());

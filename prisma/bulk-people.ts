// Many synthetic people, for trying the admin panel and benchmarking it at scale.
// They have no password (nobody can sign in as them) and addresses under bulk.gatehouse.test.
import type { PrismaClient } from "@prisma/client";
import { BUILT_IN_ROLES } from "@/lib/auth/policy";

const FIRST_NAMES = [
  "Ada",
  "Alan",
  "Barbara",
  "Claude",
  "Donald",
  "Edsger",
  "Frances",
  "Grace",
  "Hedy",
  "Ivan",
  "Joan",
  "Ken",
  "Leslie",
  "Margaret",
  "Niklaus",
  "Radia",
];

export async function seedBulkPeople(
  db: PrismaClient,
  count: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  const existing = await db.user.count({ where: { email: { endsWith: "@bulk.gatehouse.test" } } });
  const start = Date.UTC(2020, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  for (let offset = existing; offset < count; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - offset) }, (_, index) => {
      const n = offset + index;
      const first = FIRST_NAMES[n % FIRST_NAMES.length];
      return {
        email: `${first.toLowerCase()}.${n}@bulk.gatehouse.test`,
        name: `${first} ${n}`,
        // Mostly readers, as in a real organisation; a few of every other role.
        role: n % 50 === 0 ? BUILT_IN_ROLES[1 + (n % 3)] : "user",
        createdAt: new Date(start + Math.floor((n / count) * span)),
        disabledAt: n % 97 === 0 ? new Date(start + span) : null,
      };
    });
    await db.user.createMany({ data: batch });
    onProgress?.(offset + batch.length);
  }
  return Math.max(0, count - existing);
}

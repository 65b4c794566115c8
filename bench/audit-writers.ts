// One "instance" of bench/audit.ts's append test: WRITERS concurrent loops appending audit entries
// through the app's own recordAudit for SECONDS, on DATABASE_URL. Prints {"appends": n}.
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db";

const WRITERS = Number(process.env.WRITERS ?? 1);
const SECONDS = Number(process.env.SECONDS ?? 10);

async function main() {
  const until = Date.now() + SECONDS * 1000;
  let appends = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      while (Date.now() < until) {
        await recordAudit(
          { action: "auth.sign_in_failed", targetEmail: `writer-${process.pid}-${writer}@example.com` },
          { ip: "192.0.2.1", userAgent: "bench" },
        );
        appends++;
      }
    }),
  );
  await db.$disconnect();
  console.log(JSON.stringify({ appends }));
}

void main();

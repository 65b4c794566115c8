// `npm run bench:admin-users`: how the admin people list holds up at 100,000 people.
//
// Builds a scratch SQLite database with the demo accounts and 100,000 synthetic people, then times
// page 1 against a page 95% of the way down, side by side (the two alternate, so both see the same
// machine state):
//   1. the whole page as an admin's browser gets it: GET /admin/users on the production build
//      (needs `npm run build` first), and
//   2. the data layer alone: the app's keyset query, and OFFSET pagination for contrast.
import { existsSync } from "node:fs";
import { scratchDatabase, startProductionApp, waitFor } from "./support";

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const PORT = 3300;
const ORIGIN = `http://localhost:${PORT}`;
const { env } = scratchDatabase("bench-admin-users");

type Timing = { median: number; p95: number };

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)] };
}

/** Runs a and b alternately, ROUNDS times each after a warm-up, and times every call. */
async function sideBySide(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  rounds = ROUNDS,
): Promise<[Timing, Timing]> {
  for (let i = 0; i < 20; i++) {
    await a();
    await b();
  }
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const [run, into] of i % 2 === 0
      ? ([
          [a, timesA],
          [b, timesB],
        ] as const)
      : ([
          [b, timesB],
          [a, timesA],
        ] as const)) {
      const start = performance.now();
      await run();
      into.push(performance.now() - start);
    }
  }
  return [summarise(timesA), summarise(timesB)];
}

function report(title: string, [first, deep]: [Timing, Timing], deepLabel: string) {
  console.log(`\n${title}`);
  const line = (label: string, t: Timing) =>
    console.log(
      `  ${label.padEnd(24)} median ${t.median.toFixed(3).padStart(8)} ms   p95 ${t.p95.toFixed(3).padStart(8)} ms`,
    );
  line("page 1", first);
  line(deepLabel, deep);
  console.log(`  ratio deep / page 1     ${(deep.median / first.median).toFixed(2)}×`);
  return deep.median / first.median;
}

async function signInAsAdmin(): Promise<string> {
  const jar = new Map<string, string>();
  const absorb = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair.indexOf("=");
      jar.set(pair.slice(0, index), pair.slice(index + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfResponse = await fetch(`${ORIGIN}/api/auth/csrf`);
  absorb(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const { DEMO_ACCOUNTS } = await import("@/prisma/demo-data");
  const signIn = await fetch(`${ORIGIN}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email: DEMO_ACCOUNTS.admin.email, password: DEMO_ACCOUNTS.admin.password }),
  });
  absorb(signIn);
  return cookie();
}

async function main() {
  const { db } = await import("@/lib/db");
  const { listPeoplePage, PEOPLE_PAGE_SIZE } = await import("@/lib/people/queries");
  const { encodeCursor } = await import("@/lib/pagination/cursor");
  const { peopleFiltersSchema } = await import("@/lib/people/schemas");
  const { seedBulkPeople } = await import("@/prisma/bulk-people");

  const seeded = Date.now();
  await seedBulkPeople(db, PEOPLE);
  const total = await db.user.count();
  console.log(
    `${total.toLocaleString("en")} people in the database (seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s); ${PEOPLE_PAGE_SIZE} rows a page.`,
  );

  const deepPosition = Math.floor(total * 0.95);
  const [deepRow] = await db.user.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: deepPosition - 1,
    take: 1,
    select: { createdAt: true, id: true },
  });
  const deepCursor = encodeCursor(deepRow);
  const deepLabel = `page at row ${deepPosition.toLocaleString("en")}`;
  const ratios: Record<string, number> = {};

  if (existsSync(".next/BUILD_ID")) {
    const server = startProductionApp(PORT, env);
    try {
      await waitFor(`${ORIGIN}/api/health`);
      const cookie = await signInAsAdmin();
      const get = (url: string) => async () => {
        const response = await fetch(`${ORIGIN}${url}`, { headers: { cookie }, redirect: "manual" });
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
        await response.arrayBuffer();
      };
      ratios.http = report(
        `Whole page, GET /admin/users on the production build (${Math.min(ROUNDS, 100)} rounds):`,
        await sideBySide(get("/admin/users"), get(`/admin/users?cursor=${deepCursor}`), Math.min(ROUNDS, 100)),
        deepLabel,
      );
    } finally {
      server.kill();
    }
  } else {
    console.log("\nWhole page: skipped, no production build (run `npm run build` first).");
  }

  const first = peopleFiltersSchema.parse({});
  const deep = peopleFiltersSchema.parse({ cursor: deepCursor });
  ratios.keyset = report(
    `Data layer, keyset pagination as the app runs it (${ROUNDS} rounds):`,
    await sideBySide(
      () => listPeoplePage(first),
      () => listPeoplePage(deep),
    ),
    deepLabel,
  );
  const offsetQuery = (skip: number) => () =>
    db.user.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip,
      take: PEOPLE_PAGE_SIZE + 1,
      select: { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true },
    });
  ratios.offset = report(
    "Data layer, OFFSET pagination, for contrast (not used by the app):",
    await sideBySide(offsetQuery(0), offsetQuery(deepPosition)),
    deepLabel,
  );

  console.log("\nSummary (goal: deep ≤ 1.2× page 1)");
  if (ratios.http) console.log(`  whole page, keyset  ${ratios.http.toFixed(2)}×`);
  console.log(`  data layer, keyset  ${ratios.keyset.toFixed(2)}×`);
  console.log(`  data layer, OFFSET  ${ratios.offset.toFixed(2)}×`);
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// `npm run bench:audit` (after `npm run build`; PostgreSQL as for the tests, TEST_POSTGRES_URL): the
// audit log at scale. Fills a scratch PostgreSQL database with BENCH_AUDIT_ENTRIES entries (default
// 1,000,000; one valid hash chain), then measures, in one run:
//  - appends per second through the app's recordAudit with 1, 8 and 32 concurrent writers split over
//    two processes (as two instances would), against sign-ins per second of a production instance
//    (each sign-in appends one entry);
//  - the audit page: newest page against a page deep in the log, unfiltered and filtered;
//  - the CSV export of every entry: time, size, and the instance's resident memory while it streams;
//  - chain verification: the full re-hash (npm run audit:verify), the admin page's first check (no
//    checkpoint yet: all entries) and its next one after 1,000 new entries (from the checkpoint).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { GENESIS_HASH, auditHash, chainedValues, type ChainedFields } from "@/lib/audit/chain";
import { DEMO_ACCOUNTS } from "../prisma/demo-data";
import { startInstance, startSharedDatabase } from "../tests/support/app-instances.mjs";
import { sessionCookieFor } from "../tests/support/sign-in-http.mjs";
import { requireBuild } from "./support";

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const PORT = 3460;
const ORIGIN = `http://localhost:${PORT}`;
const PEOPLE = 10_000;
const run = promisify(execFile);

requireBuild();

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Appends `count` sealed entries after the current head in batches, each hashed as the sealer would. */
async function fill(url: string, count: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const head = await client.query(`SELECT hash, seq FROM "AuditEvent" WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`);
  let prevHash: string = head.rows[0]?.hash ?? GENESIS_HASH;
  let seq = Number(head.rows[0]?.seq ?? 0);
  // A year of history, oldest first, whole milliseconds (as stored).
  const start = Date.now() - 365 * 24 * 3600 * 1000;
  const step = Math.floor((365 * 24 * 3600 * 1000) / count);
  const BATCH = 5_000;
  for (let done = 0; done < count; done += BATCH) {
    const columns: unknown[][] = Array.from({ length: 13 }, () => []);
    for (let i = done; i < Math.min(count, done + BATCH); i++) {
      const person = i % PEOPLE;
      const kind = i % 20;
      const fields: ChainedFields = {
        createdAt: new Date(start + i * step),
        action: kind === 0 ? "user.role_changed" : kind < 4 ? "auth.sign_in_failed" : "auth.sign_in",
        actorId: kind === 0 ? "admin" : `p${person}`,
        actorEmail: kind === 0 ? "admin@example.com" : `person-${person}@example.com`,
        targetId: `p${person}`,
        targetEmail: `person-${person}@example.com`,
        before: kind === 0 ? '{"role":"user"}' : null,
        after: kind === 0 ? '{"role":"writer"}' : '{"method":"password"}',
        ip: `198.51.100.${person % 250}`,
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
      };
      const hash = auditHash(prevHash, fields);
      // The table's columns in chainedValues' order, then the two hashes and the place in the chain.
      const row = [...chainedValues(prevHash, fields).slice(1), prevHash, hash, ++seq];
      row.forEach((value, column) => columns[column].push(value));
      prevHash = hash;
    }
    await client.query(
      `INSERT INTO "AuditEvent" ("createdAt", action, "actorId", "actorEmail", "targetId", "targetEmail", before, after, ip, "userAgent", "prevHash", hash, seq)
       SELECT * FROM unnest($1::timestamp(3)[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[])`,
      columns,
    );
    if ((done / BATCH) % 40 === 0) process.stdout.write(`\r  ${done.toLocaleString("en")} entries`);
  }
  await client.query(`ANALYZE "AuditEvent"`);
  const { rows } = await client.query(`SELECT min(id) AS first, count(*)::int AS total FROM "AuditEvent"`);
  await client.end();
  process.stdout.write("\r");
  return { first: Number(rows[0].first), total: Number(rows[0].total) };
}

async function appendsPerSecond(url: string, writers: number): Promise<number> {
  const perProcess = writers === 1 ? [1] : [writers / 2, writers / 2];
  const outputs = await Promise.all(
    perProcess.map((count) =>
      run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "bench/audit-writers.ts"], {
        env: { ...process.env, DATABASE_URL: url, WRITERS: String(count), SECONDS: String(SECONDS) },
      }),
    ),
  );
  const total = outputs.reduce(
    (sum, { stdout }) => sum + (JSON.parse(stdout.trim().split("\n").at(-1)!) as { appends: number }).appends,
    0,
  );
  return total / SECONDS;
}

const METRICS_TOKEN = "bench-only-metrics-token-0123456789abcdef";

/** The instance's own total of time spent appending audit entries on their own, and how many. */
async function appendTime(): Promise<{ seconds: number; count: number }> {
  const text = await (
    await fetch(`${ORIGIN}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const read = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1] ?? Number.NaN);
  return {
    seconds: read("gatehouse_audit_append_duration_seconds_sum"),
    count: read("gatehouse_audit_append_duration_seconds_count"),
  };
}

/**
 * Sign-ins per second, and of each sign-in's time how much went to its audit entry (waiting for the
 * chain's lock included), from the instance's own histogram.
 */
async function signInsPerSecond(url: string) {
  // Each connection signs in as a demo person over and over (a success hands its throttle slot back).
  const csrf = await fetch(`${ORIGIN}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const people = [DEMO_ACCOUNTS.user, DEMO_ACCOUNTS.writer, DEMO_ACCOUNTS.editor];
  let next = 0;
  // Counted in the log itself: a refused sign-in is a 302 too.
  const signInsLogged = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'auth.sign_in'`);
    await client.end();
    return Number(rows[0].n);
  };
  const before = await signInsLogged();
  const appendsBefore = await appendTime();
  const result = await autocannon({
    url: `${ORIGIN}/api/auth/callback/credentials`,
    connections: 4,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        setupRequest: (request: { body?: string }) => {
          const person = people[next++ % people.length];
          return {
            ...request,
            body: new URLSearchParams({ csrfToken, email: person.email, password: person.password }).toString(),
          };
        },
      },
    ],
  });
  const appendsAfter = await appendTime();
  const appendMs = ((appendsAfter.seconds - appendsBefore.seconds) / (appendsAfter.count - appendsBefore.count)) * 1000;
  return { perSecond: ((await signInsLogged()) - before) / SECONDS, signInMs: result.latency.mean, appendMs };
}

async function p50(path: string, cookie: string): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS + 3; round++) {
    const started = performance.now();
    const response = await fetch(`${ORIGIN}${path}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    if (round >= 3) times.push(performance.now() - started);
  }
  return median(times);
}

function residentMegabytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : 0;
}

async function main() {
  console.log(`bench:audit: ${ENTRIES.toLocaleString("en")} entries on PostgreSQL, ${SECONDS} s per throughput run\n`);
  const database = await startSharedDatabase("bench-audit");
  let instance: Awaited<ReturnType<typeof startInstance>> | undefined;
  try {
    let started = Date.now();
    const { first, total } = await fill(database.url, ENTRIES);
    console.log(`Filled: ${total.toLocaleString("en")} entries in ${seconds(Date.now() - started)}\n`);

    console.log("Appends (recordAudit, two processes):");
    for (const writers of [1, 8, 32]) {
      console.log(
        `  ${String(writers).padStart(2)} writers: ${(await appendsPerSecond(database.url, writers)).toFixed(0)} appends/s`,
      );
    }

    instance = await startInstance(PORT, {
      DATABASE_URL: database.url,
      AUTH_SECRET: "bench-only-secret-0123456789abcdefghijklmnop",
      AUTH_URL: ORIGIN,
      API_RATE_LIMIT_PER_MINUTE: "100000000",
      API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
      METRICS_TOKEN,
    });
    const signIns = await signInsPerSecond(database.url);
    console.log(
      `  sign-ins through a production instance (4 connections): ${signIns.perSecond.toFixed(0)}/s, one append each;\n` +
        `  of each sign-in's ${signIns.signInMs.toFixed(1)} ms, its audit entry took ${signIns.appendMs.toFixed(1)} ms ` +
        `(${((signIns.appendMs / signIns.signInMs) * 100).toFixed(0)}%; sealing is off the request's path)\n`,
    );

    const admin = await sessionCookieFor(ORIGIN, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    const deep = first + 1_000;
    const pages: Array<[string, string, string]> = [
      ["newest page", "/admin/audit", `/admin/audit?before=${deep}`],
      [
        "one person's entries",
        "/admin/audit?q=person-4242%40example.com",
        `/admin/audit?q=person-4242%40example.com&before=${deep + 50_000}`,
      ],
      [
        "one action (role changes)",
        "/admin/audit?action=user.role_changed",
        `/admin/audit?action=user.role_changed&before=${deep}`,
      ],
    ];
    console.log(`Audit page, p50 of ${ROUNDS} sequential requests (deep: before entry #${deep}; goal ≤ 1.2×):`);
    for (const [label, newest, deepPath] of pages) {
      const [a, b] = [await p50(newest, admin), await p50(deepPath, admin)];
      console.log(
        `  ${label.padEnd(26)} first ${a.toFixed(1)} ms, deep ${b.toFixed(1)} ms: ${(b / a).toFixed(2)}× ${b / a <= 1.2 ? "(met)" : "(NOT met)"}`,
      );
    }

    const pid = instance.pid!;
    const idle = residentMegabytes(pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, residentMegabytes(pid))), 100);
    started = Date.now();
    const exported = await fetch(`${ORIGIN}/admin/audit/export`, { headers: { cookie: admin } });
    let bytes = 0;
    let lines = 0;
    // Resident memory as each quarter of the rows has streamed: flat means it stops growing, whatever the size.
    const quarters: number[] = [];
    for await (const chunk of exported.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines++;
      if (lines >= ((quarters.length + 1) * total) / 4) quarters.push(residentMegabytes(pid));
    }
    clearInterval(sampler);
    const took = Date.now() - started;
    console.log(
      `\nCSV export of everything: ${(lines - 1).toLocaleString("en")} rows, ${(bytes / 1024 / 1024).toFixed(0)} MB in ${seconds(took)} ` +
        `(${((lines - 1) / (took / 1000)).toFixed(0)} rows/s); instance memory ${idle.toFixed(0)} MB before, ${peak.toFixed(0)} MB at most while streaming; ` +
        `after each quarter of the rows: ${quarters.map((mb) => `${mb.toFixed(0)} MB`).join(", ")}\n`,
    );

    console.log("Chain verification:");
    started = Date.now();
    const script = await run(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/verify-audit-chain.ts"],
      {
        env: { ...process.env, DATABASE_URL: database.url },
      },
    );
    console.log(`  full re-hash (npm run audit:verify): ${seconds(Date.now() - started)}: ${script.stdout.trim()}`);
    started = Date.now();
    const firstCheck = await fetch(`${ORIGIN}/admin/audit/verify`, { headers: { cookie: admin } });
    const firstText = await firstCheck.text();
    console.log(
      `  admin page, no checkpoint yet: ${seconds(Date.now() - started)} (${/data-ok="true"/.test(firstText) ? "intact" : "NOT intact"})`,
    );
    const added = await run(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "bench/audit-writers.ts"],
      {
        env: { ...process.env, DATABASE_URL: database.url, WRITERS: "4", SECONDS: "2" },
      },
    );
    const appended = (JSON.parse(added.stdout.trim().split("\n").at(-1)!) as { appends: number }).appends;
    started = Date.now();
    const nextCheck = await fetch(`${ORIGIN}/admin/audit/verify`, { headers: { cookie: admin } });
    const nextText = await nextCheck.text();
    console.log(
      `  admin page after ~${appended.toLocaleString("en")} new entries (from its checkpoint): ${((Date.now() - started) / 1000).toFixed(2)} s ` +
        `(${/data-ok="true"/.test(nextText) ? "intact" : "NOT intact"})`,
    );
    started = Date.now();
    await (await fetch(`${ORIGIN}/admin/audit/verify`, { headers: { cookie: admin } })).text();
    console.log(`  admin page again, nothing new: ${((Date.now() - started) / 1000).toFixed(2)} s`);
  } finally {
    await instance?.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

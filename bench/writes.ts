// `npm run bench:writes` (after `npm run build`; PostgreSQL and Redis as for the tests): writes the
// way the app makes them, through two production instances behind the project's proxy, on one
// PostgreSQL database. Half the requests create an article through the API (a personal token), half
// create a personal token through the tokens page's server action (a session cookie); each change
// commits with its audit entry. 1, 8 and 32 concurrent clients, BENCH_SECONDS (default 60) each.
// Then sign-ins (argon2-bound, each with its audit entry) the same way, BENCH_SIGN_IN_SECONDS each.
//
// Each request goes as the next of BENCH_PEOPLE writers, each from a network of their own
// (X-Forwarded-For, trusted through the proxy), so no per-person limit or throttle answers: what is
// measured is the database, the audit log and the app. Between runs the tokens it made are revoked
// in the database (a person may hold 50). Printed per run: requests/s, p50/p99, every status code,
// CPU used (the machine, the two instances, PostgreSQL), the PostgreSQL transactions rolled back
// (retried conflicts) and the backends seen waiting on a lock (sampled every 50 ms).
// Issue 30's goals: 0 responses 5xx at every concurrency; throughput at 32 ≥ at 8 ≥ 1.5× at 1 (or,
// with the cores saturated at 1, throughput at 32 ≥ at 1 with no lock waits).
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import pg from "pg";
import { startRoundRobinProxy } from "../tests/fixtures/round-robin-proxy.mjs";
import { serverActionId, actionFormBody } from "../tests/e2e/support/actions";
import { startInstance, startSharedDatabase } from "../tests/support/app-instances.mjs";
import { signInOverHttp } from "../tests/support/sign-in-http.mjs";
import { requireBuild } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SIGN_IN_SECONDS = Number(process.env.BENCH_SIGN_IN_SECONDS ?? 20);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 256);
const CLIENTS = (process.env.BENCH_CLIENTS ?? "1,8,32").split(",").map(Number);
const PORTS = { a: 3420, b: 3421, proxy: 3422 };
const PROXY = `http://localhost:${PORTS.proxy}`;
const PASSWORD = "bench-writes-password-1";

requireBuild();

type Writer = { id: string; email: string; network: string; cookie: string; token: string };
type Outcome = { status: number; ms: number };

// ── Load ──────────────────────────────────────────────────────────────────────────────────────

async function timed(send: () => Promise<Response>, succeeded: (response: Response, text: string) => boolean) {
  const started = performance.now();
  try {
    const response = await send();
    const text = await response.text();
    // A 200 whose body is the form's error (a limit, a stale session) is not a success: counted apart.
    const status = response.status < 300 && !succeeded(response, text) ? 299 : response.status;
    return { status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

const createTokenAction = serverActionId("createTokenAction");
let sequence = 0;

function createArticle(writer: Writer) {
  return timed(
    () =>
      fetch(`${PROXY}/api/v1/articles`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${writer.token}`,
          "content-type": "application/json",
          "x-forwarded-for": writer.network,
        },
        body: JSON.stringify({ title: `Bench article ${++sequence}`, body: "Written under load by bench/writes.ts." }),
      }),
    (response) => response.status === 201,
  );
}

function createToken(writer: Writer) {
  return timed(
    () =>
      fetch(`${PROXY}/settings/tokens`, {
        method: "POST",
        headers: {
          "next-action": createTokenAction,
          origin: PROXY,
          cookie: writer.cookie,
          "x-forwarded-for": writer.network,
        },
        body: actionFormBody({ name: `bench ${++sequence}`, expiresIn: "7", scopes: "articles:read" }),
      }),
    (_response, text) => text.includes("Copy it now"),
  );
}

function signIn(writer: Writer) {
  return timed(
    async () => {
      const outcome = await signInOverHttp(PROXY, writer.email, PASSWORD, { "x-forwarded-for": writer.network });
      return "failed" in outcome ? outcome.failed : new Response(null, { status: 200 });
    },
    () => true,
  );
}

/** `clients` loops, each sending `request(next writer)` until the time is up. */
async function load(
  clients: number,
  seconds: number,
  writers: Writer[],
  requests: Array<(w: Writer) => Promise<Outcome>>,
) {
  const outcomes: Outcome[] = [];
  const until = Date.now() + seconds * 1000;
  let turn = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const n = turn++;
        outcomes.push(await requests[n % requests.length](writers[Math.floor(n / requests.length) % writers.length]));
      }
    }),
  );
  return outcomes;
}

// ── What the machine did meanwhile ─────────────────────────────────────────────────────────────

const TICK = 100; // USER_HZ on Linux

function processes(): Array<{ pid: number; ppid: number; name: string; ticks: number }> {
  const rows = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      rows.push({ pid: Number(entry), ppid: Number(fields[1]), name, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {} // gone meanwhile
  }
  return rows;
}

/**
 * CPU ticks of the instances (with their children), of PostgreSQL's processes, and of the whole
 * machine. Per process, so that one which exits meanwhile (a PostgreSQL backend) takes nothing away.
 */
function cpuTicks(instancePids: number[]) {
  const all = processes();
  const within = new Set(instancePids);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of all)
      if (!within.has(row.pid) && within.has(row.ppid)) {
        within.add(row.pid);
        grew = true;
      }
  }
  const ticks = (rows: typeof all) => new Map(rows.map((row) => [row.pid, row.ticks]));
  const [, ...machine] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
  return {
    app: ticks(all.filter((row) => within.has(row.pid))),
    postgres: ticks(all.filter((row) => row.name === "postgres")),
    busy: machine.reduce((a, b) => a + b, 0) - machine[3] - machine[4],
  };
}

/** Ticks used between two readings by the processes alive at the second (new ones: all of theirs). */
function used(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0);
  return total;
}

async function measured<T>(databaseUrl: string, instancePids: number[], run: () => Promise<T>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const rollbacks = async () =>
    Number(
      (await client.query(`SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()`)).rows[0]
        .xact_rollback,
    );
  let samples = 0;
  let waiting = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      waiting += rows[0].n;
      samples++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const before = { cpu: cpuTicks(instancePids), rollbacks: await rollbacks(), at: performance.now() };
  const result = await run();
  const seconds = (performance.now() - before.at) / 1000;
  const after = cpuTicks(instancePids);
  sampling = false;
  await sampler;
  const rolledBack = (await rollbacks()) - before.rollbacks;
  await client.end();
  const share = (ticks: number) => ticks / TICK / seconds / availableParallelism();
  return {
    result,
    seconds,
    cpu: {
      machine: share(after.busy - before.cpu.busy),
      app: share(used(before.cpu.app, after.app)),
      postgres: share(used(before.cpu.postgres, after.postgres)),
    },
    rolledBack,
    lockWaits: waiting / Math.max(1, samples),
  };
}

// ── Report ─────────────────────────────────────────────────────────────────────────────────────

type Row = { clients: number } & Awaited<ReturnType<typeof measured<Outcome[]>>>;

function summary({ result, seconds }: Row) {
  const latencies = result.map((outcome) => outcome.ms).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const statuses = new Map<string, number>();
  for (const { status } of result) {
    const name = status === 0 ? "failed" : status === 299 ? "200 not done" : String(status);
    statuses.set(name, (statuses.get(name) ?? 0) + 1);
  }
  return {
    rps: result.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    fivexx: result.filter((outcome) => outcome.status >= 500 || outcome.status === 0).length,
    statuses: [...statuses]
      .sort()
      .map(([name, n]) => `${n} × ${name}`)
      .join(", "),
  };
}

function table(title: string, rows: Row[]) {
  console.log(`\n${title}\n`);
  console.log(
    "| clients | requests/s | p50 | p99 | answers | CPU machine | CPU instances | CPU PostgreSQL | rolled back | waiting on a lock |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const row of rows) {
    const s = summary(row);
    const percent = (share: number) => `${(share * 100).toFixed(0)} %`;
    console.log(
      `| ${row.clients} | ${s.rps.toFixed(1)} | ${s.p50.toFixed(0)} ms | ${s.p99.toFixed(0)} ms | ${s.statuses} | ` +
        `${percent(row.cpu.machine)} | ${percent(row.cpu.app)} | ${percent(row.cpu.postgres)} | ${row.rolledBack} | ${row.lockWaits.toFixed(2)} |`,
    );
  }
}

// ── Setup ──────────────────────────────────────────────────────────────────────────────────────

async function writers(databaseUrl: string): Promise<Writer[]> {
  // The bench's own database: the people, their API tokens, and a cookie each from a real sign-in.
  process.env.DATABASE_URL = databaseUrl;
  const { hashPassword } = await import("@/lib/auth/credentials/hashing");
  const { insertToken } = await import("@/lib/tokens/queries");
  const { db } = await import("@/lib/db");
  const passwordHash = await hashPassword(PASSWORD);
  const people = [];
  for (let index = 0; index < PEOPLE; index++) {
    const person = await db.user.create({
      data: { email: `bench-writer-${index}@example.test`, role: "writer", emailVerified: new Date(), passwordHash },
      select: { id: true, email: true },
    });
    const { token } = await insertToken({
      personId: person.id,
      name: "api (bench)",
      scopes: ["articles:write"],
      expiresAt: null,
    });
    people.push({ ...person, token, network: `10.${(index >> 8) & 255}.${index & 255}.7` });
  }
  await db.$disconnect();
  const signedIn: Writer[] = [];
  for (let start = 0; start < people.length; start += 8) {
    const batch = await Promise.all(
      people.slice(start, start + 8).map(async (person) => {
        const outcome = await signInOverHttp(PROXY, person.email, PASSWORD, { "x-forwarded-for": person.network });
        if ("failed" in outcome) throw new Error(`${person.email} could not sign in (${outcome.failed.status})`);
        return { ...person, cookie: outcome.cookie };
      }),
    );
    signedIn.push(...batch);
  }
  return signedIn;
}

async function revokeBenchTokens(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`UPDATE "ApiToken" SET "revokedAt" = now() WHERE name LIKE 'bench %' AND "revokedAt" IS NULL`);
  await client.end();
}

async function main() {
  const database = await startSharedDatabase("bench_writes");
  const env = {
    DATABASE_URL: database.url,
    AUTH_SECRET: "bench-only-secret-0123456789abcdefghijklmnop",
    AUTH_URL: PROXY,
    RATE_LIMIT_REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    // The bench's clients name their own networks; the proxy appends its hop.
    TRUSTED_PROXY_HOPS: "2",
  };
  const instances = await Promise.all([startInstance(PORTS.a, env), startInstance(PORTS.b, env)]);
  const pids = instances.map((instance) => instance.pid as number);
  const proxy = await startRoundRobinProxy(
    PORTS.proxy,
    instances.map((instance) => instance.origin),
  );
  const writes: Row[] = [];
  const signIns: Row[] = [];
  try {
    const people = await writers(database.url);
    const mix = [createArticle, createToken];
    await load(4, 5, people, mix); // warm-up (JIT, pools): not reported
    for (const clients of CLIENTS) {
      await revokeBenchTokens(database.url);
      writes.push({ clients, ...(await measured(database.url, pids, () => load(clients, SECONDS, people, mix))) });
    }
    for (const clients of CLIENTS)
      signIns.push({
        clients,
        ...(await measured(database.url, pids, () => load(clients, SIGN_IN_SECONDS, people, [signIn]))),
      });
  } finally {
    await proxy.close();
    const exits = await Promise.all(instances.map((instance) => instance.stop()));
    const stuck = instances.flatMap((instance) =>
      instance
        .output()
        .split("\n")
        .filter((line: string) => /shutdown: .*not closed/.test(line)),
    );
    console.log(
      `\nInstances stopped: ${JSON.stringify(exits)}${stuck.length ? `; stuck: ${stuck.join(" ")}` : ", nothing stuck"}`,
    );
    await database.drop();
  }

  const cores = availableParallelism();
  table(
    `Writes (POST /api/v1/articles and the create-token action, half each), ${PEOPLE} writers, two instances behind the proxy, one PostgreSQL, ${SECONDS} s per run, ${cores} cores shared with the load generator:`,
    writes,
  );
  table(`Sign-ins (CSRF token + credentials callback, argon2id), ${SIGN_IN_SECONDS} s per run:`, signIns);

  const [one, eight, many] = [1, 8, 32].map((clients) => writes.find((row) => row.clients === clients));
  const errors = [...writes, ...signIns].reduce((total, row) => total + summary(row).fivexx, 0);
  console.log(`\nGoal: no 5xx at any concurrency: ${errors === 0 ? "met" : `NOT met (${errors})`}`);
  if (one && eight && many) {
    const [r1, r8, r32] = [one, eight, many].map((row) => summary(row).rps);
    console.log(
      `Goal: throughput at 32 ≥ at 8 ≥ 1.5× at 1: ${r32 >= r8 && r8 >= 1.5 * r1 ? "met" : "not met"} ` +
        `(32/8 = ${(r32 / r8).toFixed(2)}, 8/1 = ${(r8 / r1).toFixed(2)}; machine CPU at 1 client ${(one.cpu.machine * 100).toFixed(0)} %)`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

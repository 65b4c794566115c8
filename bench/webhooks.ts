// `npm run bench:webhooks` (after `npm run build`; PostgreSQL as for the tests): webhooks' cost, on
// one production instance on a scratch PostgreSQL database, with a receiver on loopback that
// verifies every delivery with the standardwebhooks library. Printed, in one run:
//  - the request that writes the outbox row (the API creating an article, whose audit entry is the
//    event): p50 and p99 with three active endpoints asking for that event, against a baseline with
//    none, in alternating rounds (the order rotating), and the difference (issue 34's goal: at most
//    +0.5 ms at p50);
//  - events delivered per second: BENCH_EVENTS committed entries at once, to 1 and to 4 endpoints,
//    from the commit to the last verified receipt (sealing included).
import pg from "pg";
import { DEMO_ACCOUNTS } from "../prisma/demo-data";
import { startInstance, startSharedDatabase } from "../tests/support/app-instances.mjs";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { requireBuild } from "./support";

const AUTH_SECRET = "bench-webhooks-secret-0123456789abcdefghijkl";
// Before the app's modules read the environment: endpoint secrets are sealed under the instance's key.
process.env.AUTH_SECRET = AUTH_SECRET;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
// Long enough (a few seconds) that delivery, once a second, keeps pace inside a round.
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const PORT = 3470;
const ORIGIN = `http://localhost:${PORT}`;

requireBuild();

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main() {
  const { newSecret, sealSecret } = await import("@/lib/webhooks/signing");
  const { generateToken } = await import("@/lib/tokens/secret");
  const database = await startSharedDatabase("bench-webhooks");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // Every endpoint's secret, made first: the receiver (a process of its own) holds them all.
  const secrets = Array.from({ length: 8 }, () => newSecret());
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "bench/webhook-receiver.ts"], {
    env: { ...process.env, RECEIVER_SECRETS: JSON.stringify(secrets) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  const ports = JSON.parse(line.toString()) as { port: number; stats: number };
  const receiverUrl = `http://127.0.0.1:${ports.port}/hooks`;
  const received = async () =>
    (await (await fetch(`http://127.0.0.1:${ports.stats}/`)).json()) as { distinct: number; rejected: number };
  const instance = await startInstance(PORT, {
    DATABASE_URL: database.url,
    AUTH_SECRET,
    AUTH_URL: ORIGIN,
    OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
    // One token sends every request: no rate limit may answer instead.
    API_RATE_LIMIT_PER_MINUTE: "100000000",
    API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
  });

  try {
    const writer = (await client.query(`SELECT id FROM "User" WHERE email = $1`, [DEMO_ACCOUNTS.writer.email])).rows[0];
    const { token, tokenHash, prefix } = generateToken();
    await client.query(
      `INSERT INTO "ApiToken" (id, "userId", name, prefix, "tokenHash", scopes, "createdAt")
     VALUES ('bench-token', $1, 'bench', $2, $3, 'articles:read articles:write', now())`,
      [writer.id, prefix, tokenHash],
    );

    /** Endpoints at the receiver, paused until a phase starts them. */
    async function endpoints(count: number, label: string): Promise<string[]> {
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        const id = `wh_bench_${label}_${index}`;
        const secret = secrets.shift()!;
        await client.query(
          `INSERT INTO "WebhookEndpoint" (id, url, description, events, secret, cursor, "pausedAt", "createdAt")
         VALUES ($1, $2, '', 'article.created', $3, 0, now(), now())`,
          [id, `${receiverUrl}/${label}`, sealSecret(secret, id)],
        );
        ids.push(id);
      }
      return ids;
    }
    /** Starts `ids` from the chain's head (events from now on), or pauses them. */
    async function running(ids: string[], on: boolean) {
      await client.query(
        on
          ? `UPDATE "WebhookEndpoint" SET "pausedAt" = NULL,
             cursor = (SELECT coalesce(max(seq), 0) FROM "AuditEvent") WHERE id = ANY($1)`
          : `UPDATE "WebhookEndpoint" SET "pausedAt" = now() WHERE id = ANY($1)`,
        [ids],
      );
    }

    // ── The request that writes the event ──────────────────────────────────────────────────────
    const latencyIds = await endpoints(3, "latency");
    let sequence = 0;
    async function requests(): Promise<number[]> {
      const times: number[] = [];
      for (let index = 0; index < REQUESTS; index++) {
        const started = performance.now();
        const answer = await fetch(`${ORIGIN}/api/v1/articles`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ title: `Bench ${++sequence}`, body: "Measured." }),
        });
        await answer.arrayBuffer();
        if (answer.status !== 201) throw new Error(`POST /api/v1/articles answered ${answer.status}`);
        times.push(performance.now() - started);
      }
      return times;
    }
    await requests(); // warm-up
    const baseline: number[] = [];
    const withHooks: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 ? ["hooks", "baseline"] : ["baseline", "hooks"]) {
        await running(latencyIds, mode === "hooks");
        (mode === "hooks" ? withHooks : baseline).push(...(await requests()));
        // What is left to deliver goes out before the next round (untimed), so no round inherits it.
        while (
          mode === "hooks" &&
          (await client.query(`SELECT 1 FROM "WebhookDelivery" WHERE status = 'pending' LIMIT 1`)).rowCount
        )
          await new Promise((resolve) => setTimeout(resolve, 100));
      }
      process.stdout.write(`\r  latency round ${round + 1}/${ROUNDS}`);
    }
    await running(latencyIds, false);
    process.stdout.write("\r");
    const p50 = { baseline: percentile(baseline, 0.5), hooks: percentile(withHooks, 0.5) };
    console.log(
      `POST /api/v1/articles (writes the event with the change), ${baseline.length} requests each, 1 client:`,
    );
    console.log(`  no endpoints          p50 ${ms(p50.baseline)}  p99 ${ms(percentile(baseline, 0.99))}`);
    console.log(`  3 endpoints want it   p50 ${ms(p50.hooks)}  p99 ${ms(percentile(withHooks, 0.99))}`);
    console.log(`  added at p50          ${ms(p50.hooks - p50.baseline)} (goal ≤ 0.50 ms)`);
    const meanwhile = await received();
    console.log(`  delivered meanwhile   ${meanwhile.distinct} events, ${meanwhile.rejected} unverified`);

    // ── Events delivered per second ─────────────────────────────────────────────────────────────
    for (const count of [1, 4]) {
      const ids = await endpoints(count, `rate${count}`);
      await running(ids, true);
      const before = (await received()).distinct;
      const started = performance.now();
      // EVENTS changes committed at once (as entries, unsealed, the way a request writes them).
      await client.query(
        `INSERT INTO "AuditEvent" ("createdAt", action, "actorId", after)
       SELECT date_trunc('milliseconds', now()), 'article.created', $1,
              json_build_object('article', 'a' || n, 'title', 'Event ' || n)::text
       FROM generate_series(1, $2::int) AS n`,
        [writer.id, EVENTS],
      );
      const expected = before + EVENTS * count;
      while ((await received()).distinct < expected) {
        if (performance.now() - started > 600_000) throw new Error("not delivered within 10 minutes");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${EVENTS} events to ${count} endpoint${count === 1 ? "" : "s"}: ${(EVENTS * count).toLocaleString("en")} deliveries in ${seconds.toFixed(1)} s, ` +
          `${Math.round((EVENTS * count) / seconds)} deliveries/s (each verified by the receiver; ${(await received()).rejected} unverified)`,
      );
      await running(ids, false);
    }
  } finally {
    await instance.stop();
    child.kill();
    await client.end();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

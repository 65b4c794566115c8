// `npm run bench:instances` (after `npm run build`; needs PostgreSQL and Redis as for the tests):
// signed-in browsing load on one instance and on two instances, each behind the same small proxy,
// one PostgreSQL database and one Redis, measured side by side in one run.
//
// Every connection carries the session cookie of one of the four demo people and asks for
// /dashboard, which re-reads the person and lists articles: the work a signed-in browser causes.
import autocannon from "autocannon";
import { startRoundRobinProxy } from "../tests/fixtures/round-robin-proxy.mjs";
import { startInstance, startSharedDatabase } from "../tests/support/app-instances.mjs";
import { DEMO_ACCOUNTS } from "../prisma/demo-data";
import { sessionCookieFor } from "../tests/support/sign-in-http.mjs";
import { requireBuild } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PORTS = { a: 3410, b: 3411, proxy: 3412 };
const PROXY = `http://localhost:${PORTS.proxy}`;
const PATH = "/dashboard";

requireBuild();

const signIn = (email: string, password: string) => sessionCookieFor(PROXY, email, password);

async function load(cookies: string[], seconds = SECONDS) {
  let next = 0;
  const result = await autocannon({
    url: `${PROXY}${PATH}`,
    connections: CONNECTIONS,
    duration: seconds,
    setupClient: (client: { setHeaders: (headers: Record<string, string>) => void }) =>
      client.setHeaders({ cookie: cookies[next++ % cookies.length] }),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main() {
  const database = await startSharedDatabase("bench");
  const env = {
    DATABASE_URL: database.url,
    AUTH_SECRET: "bench-only-secret-0123456789abcdefghijklmnop",
    AUTH_URL: PROXY,
    RATE_LIMIT_REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  };
  const rows: Array<[string, Awaited<ReturnType<typeof load>>]> = [];
  try {
    for (const count of [1, 2]) {
      const instances = await Promise.all([
        startInstance(PORTS.a, env),
        ...(count === 2 ? [startInstance(PORTS.b, env)] : []),
      ]);
      const proxy = await startRoundRobinProxy(
        PORTS.proxy,
        instances.map((instance) => instance.origin),
      );
      try {
        const cookies = await Promise.all(
          Object.values(DEMO_ACCOUNTS).map((person) => signIn(person.email, person.password)),
        );
        await load(cookies, 5); // warm-up (JIT, connection pools); not reported
        rows.push([`${count} instance${count === 1 ? "" : "s"}`, await load(cookies)]);
      } finally {
        await proxy.close();
        await Promise.all(instances.map((instance) => instance.stop()));
      }
    }
  } finally {
    await database.drop();
  }

  console.log(
    `\nGET ${PATH}, signed in as 4 people, ${CONNECTIONS} connections, ${SECONDS} s each, through the proxy, one PostgreSQL:\n`,
  );
  console.log("| Setup | requests/s | p50 | p99 | errors |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [name, r] of rows)
    console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50} ms | ${r.p99} ms | ${r.errors} |`);
  console.log(`\nTwo instances / one instance: ${(rows[1][1].rps / rows[0][1].rps).toFixed(2)}× requests per second`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { checkDatabase, checkMigrations, checkRateLimitStore } from "@/lib/health";
import { isShuttingDown } from "@/lib/server/shutdown";

// Readiness: whether this instance should get traffic. The proxy and a rolling restart use it: 503
// while the database does not answer, while this build's migrations are not all applied, or once the
// instance has been told to stop (SIGTERM). A shared Redis that does not answer is reported but does
// not make the instance unready: limits then count in each instance's memory (docs/operations.md: "If Redis goes
// away"), and taking every instance out of rotation at once would turn a lost counter into an outage.
export const dynamic = "force-dynamic";

export async function GET() {
  if (isShuttingDown()) {
    return Response.json(
      { status: "shutting down", time: new Date().toISOString() },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "5" } },
    );
  }
  const [database, rateLimitStore] = await Promise.all([checkDatabase(), checkRateLimitStore()]);
  const migrations = database.status === "ok" ? await checkMigrations() : { status: "unknown" as const };
  const ready = database.status === "ok" && migrations.status === "ok";
  const status = !ready ? "not ready" : rateLimitStore.status === "unavailable" ? "degraded" : "ready";
  return Response.json(
    { status, database, rateLimitStore, migrations, time: new Date().toISOString() },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": "5" }) } },
  );
}

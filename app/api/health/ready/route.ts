import { checkDatabase, checkMigrations, checkRateLimitStore } from "@/lib/health";

// Readiness: whether this instance should get traffic. The proxy and a rolling restart use it: 503
// while the database or the shared rate-limit store does not answer, or while this build's
// migrations are not all applied.
export const dynamic = "force-dynamic";

export async function GET() {
  const [database, rateLimitStore] = await Promise.all([checkDatabase(), checkRateLimitStore()]);
  const migrations = database.status === "ok" ? await checkMigrations() : { status: "unknown" as const };
  const ready = database.status === "ok" && rateLimitStore.status !== "unavailable" && migrations.status === "ok";
  return Response.json(
    { status: ready ? "ready" : "not ready", database, rateLimitStore, migrations, time: new Date().toISOString() },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": "5" }) } },
  );
}

import { checkDatabase } from "@/lib/health";

// Always answered fresh: a cached "ok" would hide an outage.
export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  const healthy = database.status === "ok";
  return Response.json(
    { status: healthy ? "ok" : "degraded", app: { status: "ok" }, database, time: new Date().toISOString() },
    { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

// Liveness: the process is up and answering. It checks nothing else on purpose: restarting an
// instance because its database is down would not bring the database back.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}

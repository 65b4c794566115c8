import { allAuditEvents } from "@/lib/audit/queries";
import { auditFiltersSchema } from "@/lib/audit/schemas";
import { errorResponse, guardedRoute } from "@/lib/http/route";
import { toCsvRow } from "@/lib/http/csv";

const COLUMNS = ["id", "createdAt", "action", "actorEmail", "actorId", "targetEmail", "targetId", "before", "after", "ip", "userAgent", "prevHash", "hash"] as const;

export const GET = guardedRoute("manage", async (request) => {
  const params = Object.fromEntries(request.nextUrl.searchParams);
  const parsed = auditFiltersSchema.safeParse(params);
  if (!parsed.success) return errorResponse(400, "invalid_filters", parsed.error.issues[0]?.message ?? "Check the filters.");

  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode(toCsvRow(COLUMNS) + "\r\n"));
      for await (const event of allAuditEvents(parsed.data)) {
        controller.enqueue(encoder.encode(toCsvRow(COLUMNS.map((column) => (column === "createdAt" ? event.createdAt.toISOString() : event[column]))) + "\r\n"));
      }
      controller.close();
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="gatehouse-audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});

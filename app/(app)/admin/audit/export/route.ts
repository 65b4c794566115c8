import { allAuditEvents } from "@/lib/audit/queries";
import { closeEndedHours } from "@/lib/audit/read-tallies";
import { auditFiltersSchema, type AuditFilters } from "@/lib/audit/schemas";
import { guardRoute } from "@/lib/auth/guards/route";
import { errorResponse } from "@/lib/http/responses";
import { toCsvRow } from "@/lib/http/csv";
import { streamedResponse } from "@/lib/http/stream";

const COLUMNS = [
  "id",
  "createdAt",
  "action",
  "actorEmail",
  "actorId",
  "targetEmail",
  "targetId",
  "before",
  "after",
  "ip",
  "userAgent",
  "seq",
  "prevHash",
  "hash",
] as const;
const ROWS_PER_CHUNK = 500;

async function* csvLines(filters: AuditFilters): AsyncGenerator<string> {
  let chunk = toCsvRow(COLUMNS) + "\r\n";
  let rows = 0;
  for await (const event of allAuditEvents(filters)) {
    chunk +=
      toCsvRow(COLUMNS.map((column) => (column === "createdAt" ? event.createdAt.toISOString() : event[column]))) +
      "\r\n";
    if (++rows % ROWS_PER_CHUNK === 0) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}

export const GET = guardRoute("read-audit", async (request) => {
  // Every filter is checked before the first byte is sent: a bad one is a 400, never a cut-off file.
  const parsed = auditFiltersSchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return errorResponse("invalid_filters", parsed.error.issues[0]?.message ?? "Check the filters.");

  const stamp = new Date().toISOString().slice(0, 10);
  // Agents' read calls of every hour that has ended are in the file.
  await closeEndedHours();
  return streamedResponse(
    csvLines(parsed.data),
    {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="gatehouse-audit-${stamp}.csv"`,
        "cache-control": "no-store",
      },
    },
    "audit export",
  );
});

import { createHash, timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/responses";
import { metrics } from "@/lib/server/metrics";

// Prometheus text for operators (lib/server/metrics.ts). Not for people: no session is asked for,
// and none would do; only the bearer token in METRICS_TOKEN reads it. Without that variable the
// endpoint does not exist (404), so a deployment that does not scrape exposes nothing.

const digest = (value: string) => createHash("sha256").update(value).digest();

function presentsMetricsToken(request: NextRequest, expected: string): boolean {
  const header = request.headers.get("authorization") ?? "";
  if (!header.startsWith("Bearer ")) return false;
  // Compared as digests: equal lengths, and no timing difference that would leak the token.
  return timingSafeEqual(digest(header.slice(7).trim()), digest(expected));
}

export async function GET(request: NextRequest): Promise<Response> {
  const expected = env.METRICS_TOKEN;
  if (!expected) return errorResponse("not_found", "Metrics are off: set METRICS_TOKEN to turn them on.");
  if (!presentsMetricsToken(request, expected))
    return errorResponse(
      "unauthenticated",
      'Metrics need the operators\' token: "Authorization: Bearer <METRICS_TOKEN>".',
      {
        "WWW-Authenticate": 'Bearer realm="gatehouse-metrics"',
      },
    );
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}

export const dynamic = "force-dynamic";

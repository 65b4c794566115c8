// Runs once when a Next.js server process starts. Node-only work is loaded only in the Node runtime
// (this file is also evaluated for the edge runtime, where node:http does not exist).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installMethodGuard } = await import("@/lib/server/method-guard");
    const { installRequestLog } = await import("@/lib/server/request-log");
    const { installOutageAnswers } = await import("@/lib/server/database-outage");
    // Each wraps the ones installed before it: the log sees a refused method and an outage's 503 too.
    installMethodGuard();
    installOutageAnswers();
    installRequestLog();
    // Background work every instance runs, one at a time across instances (lib/server/lease.ts).
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      const { startWebhookWorker } = await import("@/lib/webhooks/worker");
      startWebhookWorker();
      const { startAuditStream } = await import("@/lib/audit/stream");
      startAuditStream();
    }
    if (process.env.NODE_ENV === "production") {
      const { env } = await import("@/lib/env");
      const { installGracefulShutdown } = await import("@/lib/server/shutdown");
      installGracefulShutdown({ drainDelayMs: env.SHUTDOWN_DRAIN_DELAY_MS, timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
    }
  }
}

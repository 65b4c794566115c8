// Runs once when a Next.js server process starts. Node-only work is loaded only in the Node runtime
// (this file is also evaluated for the edge runtime, where node:http does not exist).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installMethodGuard } = await import("@/lib/server/method-guard");
    const { installRequestLog } = await import("@/lib/server/request-log");
    // The log wraps the guard, so a refused method gets its line too.
    installMethodGuard();
    installRequestLog();
  }
}

import { db } from "@/lib/db";

export type DatabaseHealth = { status: "ok"; latencyMs: number } | { status: "unavailable"; message: string };

export async function checkDatabase(): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return { status: "ok", latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    console.error("health: database check failed", error);
    // The detail goes to the server log; the public answer names no paths or drivers.
    return { status: "unavailable", message: "The database did not answer." };
  }
}

import { after } from "next/server";

/**
 * Runs `task` once the response has gone out, so the answer (and how long it takes) does not depend
 * on it: a mail sent to a registered address must not make the answer slower than for an unknown
 * one. A failure is the task's own to handle; anything it throws is logged in one line.
 */
export function afterResponse(task: () => Promise<void>): void {
  const run = () =>
    task().catch((error: unknown) => {
      console.error(`[after-response] ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    });
  try {
    after(run);
  } catch {
    // Outside a request (scripts, tests), after() is not available: run now, holding nobody up.
    void run();
  }
}

import { sealAuditChain } from "@/lib/audit/seal";
import { onShutdown } from "@/lib/server/shutdown";

// The sealer's life in a server process (instrumentation.ts starts it): it seals soon after each
// append, and every second whatever is left (an append whose transaction committed after its nudge,
// or one made by another instance whose sealer is busy or gone). Every instance runs one; they take
// turns (lib/audit/seal.ts). Scripts and tests do not start it: they call sealAuditChain() themselves.

const EVERY_MS = 1_000;
const AFTER_APPEND_MS = 25;

let running = false;
let timer: NodeJS.Timeout | undefined;
let nudged: NodeJS.Timeout | undefined;
let sealing: Promise<unknown> = Promise.resolve();

function sealNow(): Promise<unknown> {
  sealing = sealing
    .then(() => sealAuditChain())
    .catch((error: unknown) => {
      // The database may be down or busy: the next round tries again, and verification reports any
      // entry left unsealed too long.
      console.error("[audit] sealing failed; will try again", error instanceof Error ? error.message : error);
    });
  return sealing;
}

export function startSealer(): void {
  if (running) return;
  running = true;
  timer = setInterval(() => void sealNow(), EVERY_MS);
  timer.unref();
  // On the way out: no new round, and the one under way finishes. What is left is sealed by another
  // instance, or by this one's successor.
  onShutdown("audit sealer", async () => {
    running = false;
    clearInterval(timer);
    clearTimeout(nudged);
    await sealing;
  });
}

/** An entry was appended: seal it soon (its transaction may still be committing; the round after catches it). */
export function nudgeSealer(): void {
  if (!running || nudged) return;
  nudged = setTimeout(() => {
    nudged = undefined;
    void sealNow();
  }, AFTER_APPEND_MS);
  nudged.unref();
}

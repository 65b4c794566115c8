import { sealAuditChain } from "@/lib/audit/seal";
import { onShutdown } from "@/lib/server/shutdown";

// The sealer's life in a server process: started by the first append (or the first look at the
// log), it seals soon after each append, and every second whatever is left (an append whose
// transaction committed after its nudge, or one another instance made). Every instance that writes
// runs one; they take turns (lib/audit/seal.ts). Outside a server (scripts, tests) it never starts:
// they call sealAuditChain() themselves. Its state is kept on globalThis, so the parts of the server
// that Next bundles apart share one sealer (and one database pool).

const EVERY_MS = 1_000;
const AFTER_APPEND_MS = 25;

type Sealer = { timer?: NodeJS.Timeout; nudged?: NodeJS.Timeout; sealing: Promise<unknown>; stopped: boolean };
const SLOT = Symbol.for("gatehouse.auditSealer");
const slots = globalThis as Record<symbol, Sealer | undefined>;

const inServer = () => process.env.NEXT_RUNTIME === "nodejs";

function sealNow(sealer: Sealer): Promise<unknown> {
  sealer.sealing = sealer.sealing
    .then(() => sealAuditChain())
    .catch((error: unknown) => {
      // The database may be down or busy: the next round tries again, and verification reports any
      // entry left unsealed too long.
      console.error("[audit] sealing failed; will try again", error instanceof Error ? error.message : error);
    });
  return sealer.sealing;
}

function sealer(): Sealer | undefined {
  if (!inServer()) return undefined;
  let running = slots[SLOT];
  if (running) return running;
  running = { sealing: Promise.resolve(), stopped: false };
  slots[SLOT] = running;
  const self = running;
  self.timer = setInterval(() => void sealNow(self), EVERY_MS);
  self.timer.unref();
  // On the way out: no new round, and the one under way finishes. What is left is sealed by another
  // instance, or by this one's successor.
  onShutdown(
    "audit sealer",
    async () => {
      self.stopped = true;
      clearInterval(self.timer);
      clearTimeout(self.nudged);
      await self.sealing;
    },
    "work",
  );
  void sealNow(self);
  return self;
}

/** Starts this server's sealer if it is not running (a page that shows the log calls it too). */
export function ensureSealer(): void {
  sealer();
}

/** An entry was appended: seal it soon (its transaction may still be committing; the round after catches it). */
export function nudgeSealer(): void {
  const running = sealer();
  if (!running || running.stopped || running.nudged) return;
  running.nudged = setTimeout(() => {
    running.nudged = undefined;
    void sealNow(running);
  }, AFTER_APPEND_MS);
  running.nudged.unref();
}

import "server-only";
import net from "node:net";
import tls from "node:tls";
import { ensureSealer } from "@/lib/audit/sealer";
import { frame, syslogMessage, type StreamEntry } from "@/lib/audit/syslog";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { advanceLeaseCursor, holdLease, leaseCursor, PROCESS_HOLDER, releaseLease } from "@/lib/server/lease";
import { onShutdown } from "@/lib/server/shutdown";

// The audit stream (AUDIT_SYSLOG_URL): every sealed entry, in the chain's order, to a syslog server,
// for a SIEM. Fed by the sealer (it reads only sealed entries, each second), sent by one instance at
// a time (the "audit-stream" lease), from where the last sender got (the lease's cursor), so a
// restart or a move to another instance skips nothing. TCP gives no receipt: the cursor moves only
// past entries written on a connection that has stayed up CONFIRM_MS since (with keep-alive probes
// watching it), and when a connection breaks, everything not yet confirmed is sent again on the
// next. The stream is at least once; the receiver's verifier (npm run audit:verify-stream) counts a
// repeat once and reports a gap.

const LEASE = "audit-stream";
const LEASE_MS = 30_000;
const EVERY_MS = 1_000;
const BATCH = 500;
/** How long a connection must stay up after a write before its entries count as received. */
const CONFIRM_MS = 15_000;

type Written = { seq: number; at: number };

/** A connection to the syslog server, opened when needed and again after it breaks. */
export class SyslogSender {
  private socket: net.Socket | null = null;
  private written: Written[] = [];
  /** The last entry written on the current connection (null: none, or it broke). */
  sentUpTo: number | null = null;

  constructor(
    private readonly url: URL,
    private readonly tlsOptions: tls.ConnectionOptions = {},
    private readonly confirmMs = CONFIRM_MS,
  ) {}

  private connect(): Promise<net.Socket> {
    const port = Number(this.url.port);
    const host = this.url.hostname.replace(/^\[|\]$/g, "");
    return new Promise((resolve, reject) => {
      const socket =
        this.url.protocol === "tls:"
          ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...this.tlsOptions })
          : net.connect({ host, port });
      const ready = this.url.protocol === "tls:" ? "secureConnect" : "connect";
      socket.setTimeout(10_000);
      socket.once(ready, () => {
        socket.removeListener("error", reject);
        // A peer that vanished without a word is found by the system's keep-alive probes.
        socket.setKeepAlive(true, 5_000);
        socket.on("error", () => this.broken(socket));
        socket.on("close", () => this.broken(socket));
        socket.on("timeout", () => socket.destroy());
        resolve(socket);
      });
      socket.once("error", reject);
    });
  }

  private broken(socket: net.Socket) {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.destroy();
    // Nothing written on it counts: the next round sends again from the confirmed cursor.
    this.written = [];
    this.sentUpTo = null;
  }

  /** The last entry written on a connection still up CONFIRM_MS later (null: none yet). */
  confirmed(now = Date.now()): number | null {
    if (!this.socket) return null;
    const old = this.written.filter((entry) => entry.at <= now - this.confirmMs);
    this.written = this.written.filter((entry) => entry.at > now - this.confirmMs);
    return old.at(-1)?.seq ?? null;
  }

  /** Writes the entries; resolves once the system took them, rejects if the connection fails. */
  async send(entries: readonly StreamEntry[]): Promise<void> {
    this.socket ??= await this.connect();
    const socket = this.socket;
    const data = Buffer.concat(entries.map((entry) => frame(syslogMessage(entry))));
    await new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
    const at = Date.now();
    this.written.push(...entries.map((entry) => ({ seq: entry.seq, at })));
    this.sentUpTo = entries.at(-1)?.seq ?? this.sentUpTo;
  }

  close(): void {
    this.socket?.end();
    this.socket = null;
  }
}

/** One round: send what was sealed past what was sent, if this holder has the lease. Returns how many. */
export async function streamRound(sender: SyslogSender, holder: string): Promise<number> {
  if (!(await holdLease(LEASE, holder, LEASE_MS))) return 0;
  const cursor = await leaseCursor(LEASE);
  let from = Math.max(cursor, sender.sentUpTo ?? cursor);
  let sent = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { seq: { gt: from }, hash: { not: null } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    if (rows.length === 0) break;
    const entries = rows.map((row) => ({ ...row, seq: row.seq!, prevHash: row.prevHash!, hash: row.hash! }));
    await sender.send(entries);
    from = entries.at(-1)!.seq;
    sent += entries.length;
    if (rows.length < BATCH) break;
  }
  const confirmed = sender.confirmed();
  if (confirmed !== null && confirmed > cursor) await advanceLeaseCursor(LEASE, holder, confirmed);
  return sent;
}

type Streamer = {
  timer: NodeJS.Timeout;
  running?: Promise<unknown>;
  stopped: boolean;
  sender: SyslogSender;
};
const SLOT = Symbol.for("gatehouse.auditStream");
const slots = globalThis as Record<symbol, Streamer | undefined>;

function round(streamer: Streamer): void {
  // One round at a time: a tick during a long one is skipped.
  if (streamer.stopped || streamer.running) return;
  streamer.running = streamRound(streamer.sender, PROCESS_HOLDER)
    .catch((error: unknown) => {
      // The syslog server or the database is away: nothing moved, the next round sends from the cursor.
      console.error(
        "[audit stream] sending failed; will try again",
        error instanceof Error ? error.message || error.name : error,
      );
    })
    .finally(() => {
      streamer.running = undefined;
    });
}

/** Starts this server's audit stream when AUDIT_SYSLOG_URL is set (instrumentation.ts). */
export function startAuditStream(): void {
  if (!env.AUDIT_SYSLOG_URL || slots[SLOT]) return;
  const streamer: Streamer = {
    timer: setInterval(() => round(streamer), EVERY_MS),
    stopped: false,
    sender: new SyslogSender(new URL(env.AUDIT_SYSLOG_URL)),
  };
  streamer.timer.unref();
  slots[SLOT] = streamer;
  // Entries left unsealed by an instance that stopped are sealed, so they are streamed.
  ensureSealer();
  onShutdown(
    "audit stream",
    async () => {
      streamer.stopped = true;
      clearInterval(streamer.timer);
      await streamer.running;
      streamer.sender.close();
      await releaseLease(LEASE, PROCESS_HOLDER);
    },
    "work",
  );
}

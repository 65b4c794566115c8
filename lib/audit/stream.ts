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
// for a SIEM. Fed by the sealer (it reads only sealed entries, each second),
// sent by one instance at a time (the "audit-stream" lease), from where the last sender got (the
// lease's cursor), so a restart or a move to another instance skips nothing. TCP gives no receipt,
// so when a connection breaks, the entries written on it in its last seconds are sent again on the
// next: the stream is at least once, and the receiver's verifier (npm run audit:verify-stream) counts
// a repeat once and reports a gap, so a loss cannot pass unseen.

const LEASE = "audit-stream";
const LEASE_MS = 30_000;
const EVERY_MS = 1_000;
const BATCH = 500;
/** Entries written this recently on a connection that then broke are sent again. */
const RESEND_MS = 10_000;

type Written = { seq: number; at: number };

/** A connection to the syslog server, opened when needed and again after it breaks. */
export class SyslogSender {
  private socket: net.Socket | null = null;
  private written: Written[] = [];
  /** Set when a connection broke: the cursor to go back to, for the entries it may have lost. */
  private rewindTo: number | null = null;

  constructor(
    private readonly url: URL,
    private readonly tlsOptions: tls.ConnectionOptions = {},
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
    const since = Date.now() - RESEND_MS;
    const recent = this.written.filter((entry) => entry.at >= since);
    if (recent.length) this.rewindTo = Math.min(this.rewindTo ?? Infinity, recent[0].seq - 1);
    this.written = [];
  }

  /** The cursor to send from again, once, after a broken connection (null: none). */
  takeRewind(): number | null {
    const cursor = this.rewindTo;
    this.rewindTo = null;
    return cursor;
  }

  /** Writes the entries; resolves once the system took them, rejects if the connection fails. */
  async send(entries: readonly StreamEntry[]): Promise<void> {
    this.socket ??= await this.connect();
    const socket = this.socket;
    const data = Buffer.concat(entries.map((entry) => frame(syslogMessage(entry))));
    await new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
    const at = Date.now();
    const since = at - RESEND_MS;
    this.written = [
      ...this.written.filter((entry) => entry.at >= since),
      ...entries.map((entry) => ({ seq: entry.seq, at })),
    ];
  }

  close(): void {
    this.socket?.end();
    this.socket = null;
  }
}

/** One round: send what was sealed past the cursor, if this holder has the lease. Returns how many. */
export async function streamRound(sender: SyslogSender, holder: string): Promise<number> {
  if (!(await holdLease(LEASE, holder, LEASE_MS))) return 0;
  const rewind = sender.takeRewind();
  if (rewind !== null && rewind < (await leaseCursor(LEASE))) await advanceLeaseCursor(LEASE, holder, rewind);
  let sent = 0;
  for (;;) {
    const cursor = await leaseCursor(LEASE);
    const rows = await db.auditEvent.findMany({
      where: { seq: { gt: cursor }, hash: { not: null } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    if (rows.length === 0) return sent;
    const entries = rows.map((row) => ({ ...row, seq: row.seq!, prevHash: row.prevHash!, hash: row.hash! }));
    await sender.send(entries);
    if (!(await advanceLeaseCursor(LEASE, holder, entries.at(-1)!.seq))) return sent;
    sent += entries.length;
    if (rows.length < BATCH) return sent;
  }
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
      console.error("[audit stream] sending failed; will try again", error instanceof Error ? error.message : error);
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

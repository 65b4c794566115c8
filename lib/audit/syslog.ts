import { hostname } from "node:os";
import { isSecurityEvent } from "@/lib/audit/catalogue";
import type { ChainedFields } from "@/lib/audit/chain";

// The audit stream's wire format: each sealed entry as one syslog message (RFC 5424) whose text is
// the entry as JSON, with its place in the chain and its hash and the previous one, so the receiver
// can recompute every hash (lib/audit/stream-verify.ts). Over TCP and TLS each message is framed by
// octet counting ("LENGTH SP MESSAGE", RFC 6587 3.4.1, the framing RFC 5425 requires), so a message
// may hold any byte, newlines included.

/** A sealed entry, as streamed. */
export type StreamEntry = ChainedFields & { id: number; seq: number; prevHash: string; hash: string };

// Facility 13, "log audit"; security events at severity 4 (warning), the rest 6 (informational).
const FACILITY = 13;

/** The entry as the message's JSON: every field the hash covers, and the chain's. */
export function streamRecord(entry: StreamEntry) {
  return {
    seq: entry.seq,
    id: entry.id,
    createdAt: entry.createdAt.toISOString(),
    action: entry.action,
    actorId: entry.actorId,
    actorEmail: entry.actorEmail,
    targetId: entry.targetId,
    targetEmail: entry.targetEmail,
    before: entry.before,
    after: entry.after,
    ip: entry.ip,
    userAgent: entry.userAgent,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

// HOSTNAME is printable US-ASCII without spaces, at most 255 characters; "-" when unknown.
const HOST =
  hostname()
    .replace(/[^\x21-\x7e]/g, "")
    .slice(0, 255) || "-";

/** One RFC 5424 message: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG. */
export function syslogMessage(entry: StreamEntry): string {
  const pri = FACILITY * 8 + (isSecurityEvent(entry.action) ? 4 : 6);
  return `<${pri}>1 ${entry.createdAt.toISOString()} ${HOST} gatehouse ${process.pid} audit - ${JSON.stringify(streamRecord(entry))}`;
}

/** A message framed for TCP or TLS: its length in bytes, a space, the message. */
export function frame(message: string): Buffer {
  const body = Buffer.from(message, "utf8");
  return Buffer.concat([Buffer.from(`${body.length} `, "ascii"), body]);
}

/** The messages in a captured stream of framed messages; throws on a broken frame. */
export function unframe(stream: Buffer): string[] {
  const messages: string[] = [];
  let at = 0;
  while (at < stream.length) {
    // Between frames a receiver may have kept a newline; skip it.
    if (stream[at] === 0x0a || stream[at] === 0x0d) {
      at += 1;
      continue;
    }
    const space = stream.indexOf(0x20, at);
    const length = space > at && space - at <= 10 ? Number(stream.subarray(at, space).toString("ascii")) : NaN;
    if (!Number.isSafeInteger(length) || length <= 0 || space + 1 + length > stream.length)
      throw new Error(`The stream is not octet-counted syslog at byte ${at}.`);
    messages.push(stream.subarray(space + 1, space + 1 + length).toString("utf8"));
    at = space + 1 + length;
  }
  return messages;
}

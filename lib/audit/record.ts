import type { Prisma } from "@prisma/client";
import { db } from "@/lib/db";
import { metrics } from "@/lib/server/metrics";
import type { AuditAction } from "@/lib/audit/catalogue";
import { nudgeSealer } from "@/lib/audit/sealer";
import { requestContext, type RequestContext } from "@/lib/http/request-context";

type Person = { id: string; email: string } | null | undefined;

export type AuditInput = {
  action: AuditAction;
  actor?: Person;
  target?: Person;
  /** For failed sign-ins: the email that was tried, when no account matched it. */
  targetEmail?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
};

type Tx = Prisma.TransactionClient;

// An entry is inserted unsealed, in the transaction of the change it records: both commit, or
// neither. Its place in the hash chain and its hash come a moment later from the sealer
// (lib/audit/seal.ts), so no request waits for another to extend the chain, and none fails because
// another extended it first. Inserting takes no lock and reads nothing.
async function insertWith(tx: Tx, input: AuditInput, context: { ip: string | null; userAgent: string | null }) {
  await tx.auditEvent.create({
    data: {
      // Whole milliseconds, so the stored value hashes the same when read back.
      createdAt: new Date(Math.floor(Date.now())),
      action: input.action,
      actorId: input.actor?.id ?? null,
      actorEmail: input.actor?.email ?? null,
      targetId: input.target?.id ?? null,
      targetEmail: input.target?.email ?? input.targetEmail?.slice(0, 254) ?? null,
      before: input.before ? JSON.stringify(input.before) : null,
      after: input.after ? JSON.stringify(input.after) : null,
      ...context,
    },
  });
  metrics().auditAppends.inc({ action: input.action });
  nudgeSealer();
}

/**
 * Appends an event inside the caller's transaction, so the change and its record commit together.
 * `context` replaces the current request's address and browser, for an entry about something else.
 */
export async function recordAuditIn(tx: Tx, input: AuditInput, context?: RequestContext): Promise<void> {
  await insertWith(tx, input, context ?? (await requestContext()));
}

/** Appends an event on its own. */
export async function recordAudit(input: AuditInput, captured?: RequestContext): Promise<void> {
  // Work finished after the response (a mail sent later) passes the request's context it captured.
  const context = captured ?? (await requestContext());
  const timer = metrics().auditAppendDuration.startTimer();
  await insertWith(db, input, context);
  timer();
}

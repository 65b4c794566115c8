import { Prisma } from "@prisma/client";
import { databaseProvider, db, isPrismaError, isWriteConflict } from "@/lib/db";
import { metrics } from "@/lib/server/metrics";
import type { AuditAction } from "@/lib/audit/actions-list";
import { GENESIS_HASH, auditHash } from "@/lib/audit/chain";
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

// An arbitrary, fixed key for the PostgreSQL advisory lock that orders appends to the chain.
const AUDIT_CHAIN_LOCK = 7_412_001;

async function appendWith(tx: Tx, input: AuditInput, context: { ip: string | null; userAgent: string | null }) {
  // Each entry names the one before it, so appends are serial by nature. SQLite has one writer at a
  // time anyway; PostgreSQL would let concurrent appends read the same head and all but one fail on
  // the unique prevHash. The transaction-scoped lock makes them queue instead, across instances.
  if (databaseProvider === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const head = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = head?.hash ?? GENESIS_HASH;
  const fields = {
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
  };
  await tx.auditEvent.create({ data: { ...fields, prevHash, hash: auditHash(prevHash, fields) } });
  metrics().auditAppends.inc({ action: input.action });
}

/**
 * Appends an event inside the caller's transaction, so the change and its record commit together.
 * Callers run at Serializable isolation, so two appends cannot read the same head.
 */
export async function recordAuditIn(tx: Tx, input: AuditInput): Promise<void> {
  await appendWith(tx, input, await requestContext());
}

/**
 * Appends an event on its own. If another writer extended the chain from the same head first, the
 * unique prevHash refuses the second insert and we try again from the new head.
 */
export async function recordAudit(input: AuditInput, captured?: RequestContext): Promise<void> {
  // Work finished after the response (a mail sent later) passes the request's context it captured.
  const context = captured ?? (await requestContext());
  const timer = metrics().auditAppendDuration.startTimer();
  for (let attempt = 0; ; attempt++) {
    try {
      await db.$transaction((tx) => appendWith(tx, input, context));
      timer();
      return;
    } catch (error) {
      const raced = isPrismaError(error, "P2002") || isWriteConflict(error);
      if (!raced || attempt >= 4) throw error;
    }
  }
}

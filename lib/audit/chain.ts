import { createHash } from "node:crypto";

/** The prevHash of the first event. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = {
  createdAt: Date;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetId: string | null;
  targetEmail: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  userAgent: string | null;
};

/** SHA-256 over the previous hash and every field of the event, in a fixed order. */
export function auditHash(prevHash: string, fields: ChainedFields): string {
  const canonical = JSON.stringify([
    prevHash,
    fields.createdAt.toISOString(),
    fields.action,
    fields.actorId,
    fields.actorEmail,
    fields.targetId,
    fields.targetEmail,
    fields.before,
    fields.after,
    fields.ip,
    fields.userAgent,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

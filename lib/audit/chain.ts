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

/** The values an entry's hash covers, in their fixed order: the previous hash, then every field. */
export function chainedValues(prevHash: string, fields: ChainedFields): Array<string | null> {
  return [
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
  ];
}

/** SHA-256 over the previous hash and every field of the event, in a fixed order. */
export function auditHash(prevHash: string, fields: ChainedFields): string {
  return createHash("sha256")
    .update(JSON.stringify(chainedValues(prevHash, fields)))
    .digest("hex");
}

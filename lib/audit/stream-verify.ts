import { GENESIS_HASH, auditHash } from "@/lib/audit/chain";

// Verifying a captured audit stream on the receiving side, with nothing but the stream: every
// entry's hash is recomputed from its fields and the previous hash, and the entries must follow one
// another without a gap. So an entry removed, edited, or replaced without recomputing every hash
// after it is reported. The chain has no key: whoever holds a capture can rewrite its end, and all
// of it from an edit on, with fresh hashes; what proves a capture whole is its last hash matching
// Gatehouse's head (Admin → Audit log → Verify) or the same entry in a later capture (docs/webhooks.md).
// An entry received twice (the stream is at least once) counts once, if both copies agree.

export type StreamReport = {
  ok: boolean;
  /** Distinct entries. */
  entries: number;
  duplicates: number;
  first: number | null;
  last: number | null;
  /** The last entry's hash, to compare with Gatehouse's head. */
  lastHash: string | null;
  problems: string[];
};

type Record = {
  seq: number;
  createdAt: string;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  targetId: string | null;
  targetEmail: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  userAgent: string | null;
  prevHash: string;
  hash: string;
};

// <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG, structured data "-" here.
const MESSAGE = /^<\d{1,3}>1 \S+ \S+ \S+ \S+ \S+ - (\{[\s\S]*\})$/;

const nullableText = (value: unknown) => value === null || typeof value === "string";

function parseRecord(message: string): Record | null {
  const json = MESSAGE.exec(message)?.[1];
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Record;
    const fine =
      Number.isSafeInteger(value.seq) &&
      typeof value.createdAt === "string" &&
      !Number.isNaN(Date.parse(value.createdAt)) &&
      typeof value.action === "string" &&
      typeof value.prevHash === "string" &&
      typeof value.hash === "string" &&
      [
        value.actorId,
        value.actorEmail,
        value.targetId,
        value.targetEmail,
        value.before,
        value.after,
        value.ip,
        value.userAgent,
      ].every(nullableText);
    return fine ? value : null;
  } catch {
    return null;
  }
}

const hashOf = (record: Record) => auditHash(record.prevHash, { ...record, createdAt: new Date(record.createdAt) });

export function verifyStream(messages: readonly string[]): StreamReport {
  const problems: string[] = [];
  const bySeq = new Map<number, Record>();
  let duplicates = 0;
  messages.forEach((message, index) => {
    const record = parseRecord(message);
    if (!record) return problems.push(`Message ${index + 1} is not an audit entry.`);
    if (hashOf(record) !== record.hash)
      problems.push(`Entry ${record.seq} was edited: its hash does not match its fields.`);
    const earlier = bySeq.get(record.seq);
    if (!earlier) return bySeq.set(record.seq, record);
    if (earlier.hash === record.hash) duplicates += 1;
    else problems.push(`Entry ${record.seq} arrived twice with different contents.`);
  });
  const ordered = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  if (ordered[0]?.seq === 1 && ordered[0].prevHash !== GENESIS_HASH) problems.push("Entry 1 does not start the chain.");
  for (let index = 1; index < ordered.length; index++) {
    const previous = ordered[index - 1];
    const entry = ordered[index];
    if (entry.seq !== previous.seq + 1)
      problems.push(
        entry.seq === previous.seq + 2
          ? `Entry ${previous.seq + 1} is missing.`
          : `Entries ${previous.seq + 1} to ${entry.seq - 1} are missing.`,
      );
    else if (entry.prevHash !== previous.hash)
      problems.push(`Entry ${entry.seq} does not follow entry ${previous.seq}: one of them was replaced.`);
  }
  return {
    ok: problems.length === 0 && ordered.length > 0,
    entries: ordered.length,
    duplicates,
    first: ordered[0]?.seq ?? null,
    last: ordered.at(-1)?.seq ?? null,
    lastHash: ordered.at(-1)?.hash ?? null,
    problems: ordered.length === 0 && problems.length === 0 ? ["The stream holds no audit entries."] : problems,
  };
}

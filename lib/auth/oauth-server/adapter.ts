import { createHash } from "node:crypto";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Prisma } from "@prisma/client";
import { databaseProvider, db } from "@/lib/db";
import { clientMetadataFor } from "@/lib/auth/oauth-server/apps/queries";
import { REFRESH_TOKEN_RETRY_SECONDS } from "@/lib/auth/policy";
import { open, seal } from "@/lib/crypto/secret-box";

// For codes, opaque access and refresh tokens, device codes and the provider's session and interaction
// cookies, the provider's id *is* the secret. Rows are therefore keyed by its SHA-256 and the payload
// keeps no copy (as with personal tokens): a copy of the table yields no live token. Grants are the
// exception: a grant id is a reference (tokens name it), never presented as a credential.
const PLAIN_ID_KINDS = new Set(["Grant"]);
// Two lookups are not by id (a device code by the code a person types, a session by its uid); for
// those the provider needs the id back, so it is kept sealed with a key derived from AUTH_SECRET.
const SEAL_PURPOSE = "oauth record id";

export function storedRecordId(kind: string, id: string): string {
  return PLAIN_ID_KINDS.has(kind) ? id : createHash("sha256").update(id).digest("base64url");
}

// A record's row stays this long past its expiry before a sweep removes it (the provider itself
// ignores expired records, so this is housekeeping, not a guarantee).
const SWEEP_GRACE_MS = 24 * 3600_000;
let writesSinceSweep = 0;

async function sweepExpired(): Promise<void> {
  writesSinceSweep = 0;
  await db.oAuthRecord.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - SWEEP_GRACE_MS) } } });
}

type StoredPayload = AdapterPayload & { sealedJti?: string };

function fromRow(kind: string, row: { payload: string; consumedAt: Date | null; expiresAt: Date | null } | null) {
  if (!row) return undefined;
  // The provider checks expiry itself; a device code past its time is still handed over, so the
  // device polling for it is told expired_token (RFC 8628 §3.5) rather than that it never existed.
  if (kind !== "DeviceCode" && row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined;
  const payload = JSON.parse(row.payload) as StoredPayload;
  if (row.consumedAt && !inRetryGrace(kind, row.consumedAt))
    payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
  return payload;
}

// The provider treats a used refresh token as stolen and revokes its grant. Shown as unused for a few
// seconds after its first use, a retried refresh (the app never got the answer) is served instead;
// the provider then issues another refresh token, and the one the app never received expires unused.
// Codes have no such grace: a second use of a code always revokes.
function inRetryGrace(kind: string, consumedAt: Date): boolean {
  return kind === "RefreshToken" && Date.now() - consumedAt.getTime() < REFRESH_TOKEN_RETRY_SECONDS * 1000;
}

// Whom a record acts for, so ending a person's access finds it: an interaction under way names them
// once someone signed in to it (its session, or the answer Gatehouse gave it).
function accountOf(payload: AdapterPayload): string | null {
  const interaction = payload as { session?: { accountId?: string }; result?: { login?: { accountId?: string } } };
  return payload.accountId ?? interaction.result?.login?.accountId ?? interaction.session?.accountId ?? null;
}

// A chain of refresh tokens (one code exchange and its rotations: the same grant and first issue time,
// iiat) has at most one that works. The retry window (inRetryGrace) serves a used token again, so
// without this a replay inside the window would fork the chain: the thief's copy beside the app's. A
// rotation therefore marks the chain's other unused tokens as used long ago: the one the replay
// displaced is dead, and whoever presents it next (the app or the thief) revokes the grant. Other
// chains of the grant (two devices approved from one browser share a grant) are left alone. Rotations
// of one chain take turns (a lock per grant), so two at once cannot both miss each other's token.
async function rotateInChain(storedId: string, payload: AdapterPayload, upsert: (tx: Tx) => Promise<unknown>) {
  await db.$transaction(async (tx) => {
    if (databaseProvider === "postgresql")
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`refresh:${payload.grantId}`}))`;
    await upsert(tx);
    const unused = await tx.oAuthRecord.findMany({
      where: { kind: "RefreshToken", grantId: payload.grantId!, id: { not: storedId }, consumedAt: null },
      select: { id: true, payload: true },
    });
    const sameChain = unused.filter((row) => (JSON.parse(row.payload) as { iiat?: number }).iiat === payload.iiat);
    if (sameChain.length === 0) return;
    const dead = new Date(Date.now() - (REFRESH_TOKEN_RETRY_SECONDS + 1) * 1000);
    await tx.oAuthRecord.updateMany({
      where: { kind: "RefreshToken", id: { in: sameChain.map((row) => row.id) } },
      data: { consumedAt: dead },
    });
  });
}

type Tx = Prisma.TransactionClient | typeof db;

const rowSelect = { payload: true, consumedAt: true, expiresAt: true } as const;

/**
 * oidc-provider's storage in our database, so every instance sees the same codes, tokens and grants
 * (a code issued by one instance is redeemed at another; a revocation binds on all). Clients are not
 * stored here: they are the registered apps (lib/auth/oauth-server/apps), read fresh on every lookup, so a
 * disabled or deleted app stops working at once.
 */
export class OAuthRecordAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  private get hashed(): boolean {
    return !PLAIN_ID_KINDS.has(this.kind);
  }

  private key(id: string) {
    return { kind_id: { kind: this.kind, id: storedRecordId(this.kind, id) } };
  }

  /** What is stored of a payload: for hashed kinds, no id, except sealed where a lookup needs it back. */
  private storable(payload: AdapterPayload): StoredPayload {
    if (!this.hashed) return payload;
    const { jti, ...rest } = payload;
    const needsId = jti && (payload.uid || payload.userCode);
    return needsId ? { ...rest, sealedJti: seal(jti, this.kind, SEAL_PURPOSE) } : rest;
  }

  private withId(payload: StoredPayload | undefined, id: string | null): AdapterPayload | undefined {
    if (!payload || !this.hashed) return payload;
    const { sealedJti, ...rest } = payload;
    const jti = id ?? (sealedJti ? open(sealedJti, this.kind, SEAL_PURPOSE) : null);
    return jti ? { ...rest, jti } : undefined;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const columns = {
      payload: JSON.stringify(this.storable(payload)),
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      accountId: accountOf(payload),
      clientId: payload.clientId ?? null,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    };
    const key = this.key(id);
    const upsert = (client: Tx) =>
      client.oAuthRecord.upsert({ where: key, create: { ...key.kind_id, ...columns }, update: columns });
    if (this.kind === "RefreshToken" && payload.grantId && payload.rotations)
      await rotateInChain(key.kind_id.id, payload, upsert);
    else await upsert(db);
    if (++writesSinceSweep >= 200) await sweepExpired();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.kind === "Client") return clientMetadataFor(id);
    const row = await db.oAuthRecord.findUnique({ where: this.key(id), select: rowSelect });
    return this.withId(fromRow(this.kind, row), id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const row = await db.oAuthRecord.findFirst({ where: { kind: this.kind, userCode }, select: rowSelect });
    return this.withId(fromRow(this.kind, row), null);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const row = await db.oAuthRecord.findFirst({ where: { kind: this.kind, uid }, select: rowSelect });
    return this.withId(fromRow(this.kind, row), null);
  }

  async consume(id: string): Promise<void> {
    // The first use is the one that counts (a retry in the grace window must not extend it).
    await db.oAuthRecord.updateMany({
      where: { ...this.key(id).kind_id, consumedAt: null },
      data: { consumedAt: new Date() },
    });
  }

  async destroy(id: string): Promise<void> {
    await db.oAuthRecord.deleteMany({ where: this.key(id).kind_id });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Every kind shares the table: a grant's codes, access and refresh tokens go together.
    await db.oAuthRecord.deleteMany({ where: { grantId } });
  }
}

import type { Adapter, AdapterPayload } from "oidc-provider";
import { db } from "@/lib/db";
import { clientMetadataFor } from "@/lib/auth/oauth-server/apps/queries";

// A record's row stays this long past its expiry before a sweep removes it (the provider itself
// ignores expired records, so this is housekeeping, not a guarantee).
const SWEEP_GRACE_MS = 24 * 3600_000;
let writesSinceSweep = 0;

async function sweepExpired(): Promise<void> {
  writesSinceSweep = 0;
  await db.oAuthRecord.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - SWEEP_GRACE_MS) } } });
}

function fromRow(row: { payload: string; consumedAt: Date | null; expiresAt: Date | null } | null) {
  if (!row) return undefined;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined;
  const payload = JSON.parse(row.payload) as AdapterPayload;
  if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
  return payload;
}

const rowSelect = { payload: true, consumedAt: true, expiresAt: true } as const;

/**
 * oidc-provider's storage in our database, so every instance sees the same codes, tokens and grants
 * (a code issued by one instance is redeemed at another; a revocation binds on all). Clients are not
 * stored here: they are the registered apps (lib/auth/oauth-server/apps), read fresh on every lookup, so a
 * disabled or deleted app stops working at once.
 */
export class OAuthRecordAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const columns = {
      payload: JSON.stringify(payload),
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      accountId: payload.accountId ?? null,
      clientId: payload.clientId ?? null,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    };
    await db.oAuthRecord.upsert({
      where: { kind_id: { kind: this.kind, id } },
      create: { kind: this.kind, id, ...columns },
      update: columns,
    });
    if (++writesSinceSweep >= 200) await sweepExpired();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.kind === "Client") return clientMetadataFor(id);
    return fromRow(await db.oAuthRecord.findUnique({ where: { kind_id: { kind: this.kind, id } }, select: rowSelect }));
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return fromRow(await db.oAuthRecord.findFirst({ where: { kind: this.kind, userCode }, select: rowSelect }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return fromRow(await db.oAuthRecord.findFirst({ where: { kind: this.kind, uid }, select: rowSelect }));
  }

  async consume(id: string): Promise<void> {
    await db.oAuthRecord.updateMany({ where: { kind: this.kind, id }, data: { consumedAt: new Date() } });
  }

  async destroy(id: string): Promise<void> {
    await db.oAuthRecord.deleteMany({ where: { kind: this.kind, id } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Every kind shares the table: a grant's codes, access and refresh tokens go together.
    await db.oAuthRecord.deleteMany({ where: { grantId } });
  }
}

import type { Prisma } from "@prisma/client";
import { db } from "@/lib/db";
import { queryRows } from "@/lib/db-rows";
import { mustEnrolSecondFactor, parseSecondFactorChoices, type Capability, type Scope } from "@/lib/auth/policy";
import { storedCapabilities } from "@/lib/roles/queries";
import { SECOND_FACTOR_ROLES_SETTING } from "@/lib/settings/queries";
import { addressNetwork } from "@/lib/http/client-address";
import { keysetPage, keysetQuery } from "@/lib/pagination/keyset";
import { generateToken } from "@/lib/tokens/secret";

type Tx = Prisma.TransactionClient;

export const TOKENS_PAGE_SIZE = 20;

/** Tokens that work now, everyone's. */
export function countAllActiveTokens(): Promise<number> {
  return db.apiToken.count({ where: activeTokenWhere() });
}

/** Tokens that worked at the end of each of `days` (created by then, not yet revoked or expired). */
export function countActiveTokensPerDay(days: readonly { end: Date }[]): Promise<number[]> {
  return Promise.all(
    days.map(({ end }) =>
      db.apiToken.count({
        where: {
          createdAt: { lt: end },
          OR: [{ revokedAt: null }, { revokedAt: { gte: end } }],
          AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: end } }] }],
        },
      }),
    ),
  );
}

/** Not revoked and not expired at `now`. */
export function activeTokenWhere(now = new Date()): Prisma.ApiTokenWhereInput {
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** Stores a new token and returns its secret, which exists nowhere else from here on. */
export async function insertToken(
  data: { personId: string; name: string; scopes: Scope[]; expiresAt: Date | null },
  tx: Tx = db,
) {
  const { token, tokenHash, prefix } = generateToken();
  const row = await tx.apiToken.create({
    data: {
      userId: data.personId,
      name: data.name,
      scopes: data.scopes.join(" "),
      expiresAt: data.expiresAt,
      tokenHash,
      prefix,
    },
    select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true },
  });
  return { token, row };
}

export function countActiveTokens(personId: string, tx: Tx = db): Promise<number> {
  return tx.apiToken.count({ where: { userId: personId, ...activeTokenWhere() } });
}

export function hasActiveTokenNamed(personId: string, name: string, tx: Tx = db): Promise<boolean> {
  return tx.apiToken.count({ where: { userId: personId, name, ...activeTokenWhere() } }).then((count) => count > 0);
}

const tokenListSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
} as const;
export type TokenListRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenListSelect }>;

/**
 * One page of a person's tokens, newest first: the ones that still work, or the revoked and expired
 * ones, which the list keeps apart. Keyset-paginated on (createdAt, id).
 */
export async function listTokensPage(
  personId: string,
  state: "active" | "inactive",
  page: { after?: string; before?: string } = {},
) {
  const now = new Date();
  const stateWhere: Prisma.ApiTokenWhereInput =
    state === "active" ? activeTokenWhere(now) : { OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }] };
  const { where, order, backwards } = keysetQuery(page);
  const rows = await db.apiToken.findMany({
    where: { AND: [{ userId: personId }, stateWhere, where ?? {}] },
    orderBy: [{ createdAt: order }, { id: order }],
    take: TOKENS_PAGE_SIZE + 1,
    select: tokenListSelect,
  });
  const result = keysetPage(rows, TOKENS_PAGE_SIZE, { backwards, cameFromCursor: Boolean(page.after) });
  return { tokens: result.items, nextCursor: result.nextCursor, previousCursor: result.previousCursor };
}

/** The token with this id, if `ownerId` (when given) owns it. */
export function findTokenForRevoke(tokenId: string, ownerId: string | undefined, tx: Tx = db) {
  return tx.apiToken.findFirst({
    where: { id: tokenId, ...(ownerId ? { userId: ownerId } : {}) },
    select: {
      id: true,
      name: true,
      prefix: true,
      revokedAt: true,
      user: { select: { id: true, email: true, role: true } },
    },
  });
}

export async function markTokenRevoked(tokenId: string, tx: Tx = db): Promise<void> {
  await tx.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Revokes every token of a person that still could be used; returns how many. */
export async function revokeAllTokensOf(personId: string, tx: Tx = db): Promise<number> {
  const { count } = await tx.apiToken.updateMany({
    where: { userId: personId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

/** The token with this hash and its owner as they are now. */
export type TokenWithOwner = {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  user: {
    id: string;
    email: string;
    role: string;
    /** A custom role's capabilities as stored now; undefined for a built-in role. */
    capabilities: readonly Capability[] | undefined;
    disabledAt: Date | null;
    emailVerified: Date | null;
    /** The owner's role must use two-step sign-in and they have not set it up (lib/auth/policy.ts). */
    secondFactorMissing: boolean;
  };
};

/**
 * A token and its owner, by the token's hash. Hand-written SQL sent straight to the driver adapter
 * on purpose: every API request starts here, and Prisma's query building costs several times the
 * read itself (lib/db-rows.ts, bench/profile.ts).
 */
export async function findTokenByHash(tokenHash: string): Promise<TokenWithOwner | null> {
  const rows = await queryRows<Omit<TokenWithOwner, "user"> & OwnerColumns>`
    SELECT t."id", t."name", t."prefix", t."scopes", t."expiresAt", t."revokedAt", t."lastUsedAt", t."lastUsedIp",
           u."id" AS "ownerId", u."email" AS "ownerEmail", u."role" AS "ownerRole",
           (SELECT r."capabilities" FROM "Role" r WHERE r."name" = u."role") AS "ownerCapabilities",
           u."disabledAt" AS "ownerDisabledAt", u."emailVerified" AS "ownerEmailVerified",
           (SELECT COUNT(*) FROM "TotpFactor" f WHERE f."userId" = u."id" AND f."confirmedAt" IS NOT NULL)
             + (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u."id") AS "ownerSecondFactors",
           (SELECT g."value" FROM "Setting" g WHERE g."key" = ${SECOND_FACTOR_ROLES_SETTING}) AS "secondFactorRoles"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
    WHERE t."tokenHash" = ${tokenHash}`;
  const row = rows[0];
  if (!row) return null;
  const {
    ownerId,
    ownerEmail,
    ownerRole,
    ownerCapabilities,
    ownerDisabledAt,
    ownerEmailVerified,
    ownerSecondFactors,
    secondFactorRoles,
    ...token
  } = row;
  const capabilities = storedCapabilities(ownerCapabilities);
  return {
    ...token,
    user: {
      id: ownerId,
      email: ownerEmail,
      role: ownerRole,
      capabilities,
      disabledAt: ownerDisabledAt,
      emailVerified: ownerEmailVerified,
      secondFactorMissing: mustEnrolSecondFactor(
        { role: ownerRole, capabilities, hasSecondFactor: Number(ownerSecondFactors) > 0 },
        parseSecondFactorChoices(secondFactorRoles),
      ),
    },
  };
}

type OwnerColumns = {
  ownerId: string;
  ownerEmail: string;
  ownerRole: string;
  ownerCapabilities: string | null;
  ownerDisabledAt: Date | null;
  ownerEmailVerified: Date | null;
  ownerSecondFactors: number | bigint;
  secondFactorRoles: string | null;
};

// Writing on every request would turn each API read into a database write; once a minute is
// precise enough for "last used", and a new address is always written at once.
const LAST_USED_PRECISION_MS = 60_000;

export async function noteTokenUse(
  token: { id: string; lastUsedAt: Date | null; lastUsedIp: string | null },
  ip: string | null,
) {
  const now = new Date();
  const newAddress = ip !== null && ip !== token.lastUsedIp;
  // A new address in the same network (an IPv4 /24, an IPv6 /64) is routine: a phone changing
  // cells, an IPv6 privacy address. A new network is what the audit log is told about.
  const newNetwork = ip !== null && addressNetwork(ip) !== addressNetwork(token.lastUsedIp);
  const stale = !token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_PRECISION_MS;
  if (newAddress || stale)
    await db.apiToken.update({
      where: { id: token.id },
      data: { lastUsedAt: now, lastUsedIp: ip ?? token.lastUsedIp },
    });
  return { newNetwork };
}
